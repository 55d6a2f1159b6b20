package io.tollgate.support;

import io.tollgate.testsupport.PostgresFixture;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** The operator's file for a Tollgate process driving real adapters: the test database, the test tokens, short polls. */
public final class ProcessConfig {
    private ProcessConfig() {
    }

    /** The test tokens as items of {@code auth.tokens}, indented for it (one line each, ending in a newline). */
    public static String tokensYaml() {
        var tokens = new StringBuilder();
        for (var t : TestTollgate.testTokens().tokens()) {
            tokens.append("    - {subject: ").append(t.subject()).append(", role: ").append(t.role()).append(", sha256: ")
                    .append(t.sha256()).append("}\n");
        }
        return tokens.toString();
    }

    /**
     * Writes {@code dir/tollgate.yaml}: the external test database (an owner role migrates, a plain role serves, as in
     * production), the test tokens, {@code prometheus} for SLOs, audit key and checkpoints in {@code dir}, releases looking
     * every {@code lookInterval}, and the adapters {@code unleash} and {@code haproxy} (5 s per call: a call that times out
     * on a loaded machine and is retried can leave Unleash with two Tollgate strategies, which cannot be verified).
     */
    public static Path releaseEngine(Path dir, PostgresFixture.Database db, URI prometheus, String lookInterval, URI unleash,
                                     String unleashToken, String haproxyHost, int haproxyRuntimePort) throws IOException {
        var roles = db.roles();
        String yaml = """
                server:
                  host: 127.0.0.1
                  port: 0
                database:
                  url: "%s"
                  user: "%s"
                  password: "%s"
                  migrationUser: "%s"
                  migrationPassword: "%s"
                auth:
                  devToken: false
                  tokens:
                %s
                slo:
                  prometheusUrl: %s
                audit:
                  signingKeyFile: %s
                  checkpointFile: %s
                releases:
                  lookInterval: %s
                  pollInterval: 100ms
                  adapterTimeout: 5s
                  adapterAttempts: 2
                  adapterBackoff: 100ms
                adapters:
                  unleash:
                    adminUrl: %s
                    adminToken: "%s"
                  haproxy:
                    host: %s
                    runtimePort: %d
                """.formatted(db.jdbcUrl(), roles.service(), roles.servicePassword(), roles.owner(), roles.ownerPassword(),
                tokensYaml().stripTrailing(), prometheus, dir.resolve("audit.key"), dir.resolve("checkpoints.jsonl"), lookInterval,
                unleash, unleashToken, haproxyHost, haproxyRuntimePort);
        return Files.writeString(dir.resolve("tollgate.yaml"), yaml);
    }
}
