package io.tollgate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Signature;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditKeyTest {

    @Test
    void a_created_key_is_private_reloads_the_same_and_signs_what_the_jdk_verifies(@TempDir Path dir) throws Exception {
        var file = dir.resolve("keys").resolve("audit.key");
        var key = AuditKey.loadOrCreate(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(AuditKey.loadOrCreate(file).publicKey().id()).isEqualTo(key.publicKey().id()).hasSize(16);

        byte[] message = "tollgate-record-v1\nabc".getBytes(StandardCharsets.US_ASCII);
        String signature = key.sign(message);
        var jdk = Signature.getInstance("Ed25519");
        jdk.initVerify(key.publicKey().key());
        jdk.update(message);
        assertThat(jdk.verify(Base64.getDecoder().decode(signature))).as("standard Ed25519, checkable by any library").isTrue();
        assertThat(key.publicKey().verify(message, signature)).isTrue();
        assertThat(key.publicKey().verify("other".getBytes(StandardCharsets.US_ASCII), signature)).isFalse();
        assertThat(key.publicKey().verify(message, "not base64!")).isFalse();
    }

    @Test
    void a_key_file_that_is_not_a_key_or_lost_its_public_half_is_refused_naming_the_file(@TempDir Path dir) throws Exception {
        var garbage = Files.writeString(dir.resolve("garbage.key"), "hello");
        assertThatThrownBy(() -> AuditKey.loadOrCreate(garbage)).isInstanceOf(AuditKeyException.class)
                .hasMessageContaining(garbage.toString());

        var file = dir.resolve("audit.key");
        AuditKey.loadOrCreate(file);
        Files.delete(AuditKey.publicKeyFile(file));
        assertThatThrownBy(() -> AuditKey.loadOrCreate(file)).isInstanceOf(AuditKeyException.class)
                .hasMessageContaining("public key missing");
    }
}
