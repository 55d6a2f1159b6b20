package io.tollgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.audit.AuditKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands docs/kubernetes.md gives for the chart's signing-key Secret (openssl, before any Tollgate ran) make a key
 * pair Tollgate loads as it is, with the public half that belongs to it.
 */
@Tag("live")
class SigningKeySecretTest {

    @Test
    void an_openssl_key_pair_is_a_tollgate_audit_signing_key(@TempDir Path dir) throws Exception {
        var key = dir.resolve("audit-signing.key");
        run(dir, "openssl", "genpkey", "-algorithm", "ed25519", "-out", "audit-signing.key");
        run(dir, "openssl", "pkey", "-in", "audit-signing.key", "-pubout", "-out", "audit-signing.key.pub");

        var loaded = AuditKey.loadOrCreate(key);

        byte[] message = "tollgate-record-v1\nseq 1".getBytes(StandardCharsets.US_ASCII);
        assertThat(loaded.publicKey().verify(message, loaded.sign(message))).isTrue();
        assertThat(Files.readString(AuditKey.publicKeyFile(key))).startsWith("-----BEGIN PUBLIC KEY-----");
    }

    private static void run(Path dir, String... command) throws Exception {
        var process = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 30 s");
        }
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    }
}
