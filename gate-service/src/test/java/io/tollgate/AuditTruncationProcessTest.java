package io.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.audit.Checkpoint;
import io.tollgate.db.EmbeddedCredentials;
import io.tollgate.support.ApiClient;
import io.tollgate.support.TollgateProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile review's critical case, end to end on a real Tollgate process with its embedded PostgreSQL: a
 * checkpoint is published, the database superuser deletes the newest records behind the triggers' back, Tollgate
 * is restarted. The shortened log must stay detected: checks answer 503 {@code audit_integrity} (nothing appended),
 * readiness is DOWN, no new checkpoint is signed over the shortened chain (several checkpoint intervals later the
 * file's newest is still the old one) and verify keeps reporting the removed records.
 */
@Tag("live")
@Timeout(400)
class AuditTruncationProcessTest {

    @TempDir
    Path dir;
    private TollgateProcess tollgate;

    @Test
    void a_truncated_log_is_refused_after_a_restart_and_never_re_blessed() throws Exception {
        Path state = dir.resolve("state");
        Path config = dir.resolve("tollgate.yaml");
        Files.writeString(config, "audit:\n  checkpointInterval: 1s\n");
        tollgate = start(state, config);
        var api = tollgate.api();
        for (int i = 0; i < 12; i++) {
            assertThat(api.check(tollgate.devToken(), TollgateProcess.STAGING_CHECK).status()).isEqualTo(200);
        }
        var checkpoint = api.get("/v1/audit/checkpoint", tollgate.devToken());
        assertThat(checkpoint.status()).isEqualTo(200);
        long checkpointSeq = checkpoint.json().path("seq").asLong();
        assertThat(checkpointSeq).isEqualTo(12);
        assertThat(tollgate.stop(Duration.ofSeconds(60))).isTrue();

        // As the superuser of the embedded PostgreSQL, around the append-only triggers.
        tollgate = start(state, config);
        var credentials = EmbeddedCredentials.read(EmbeddedCredentials.fileFor(state.resolve("postgres"))).orElseThrow();
        try (var c = DriverManager.getConnection(credentials.jdbcUrl(), EmbeddedCredentials.SUPERUSER, credentials.superuserPassword());
             var st = c.createStatement()) {
            st.execute("set session_replication_role = replica");
            st.execute("delete from audit_event where seq > 8");
        }
        assertThat(tollgate.stop(Duration.ofSeconds(60))).isTrue();
        tollgate = start(state, config);
        api = tollgate.api();

        for (int i = 0; i < 20; i++) {
            var answer = api.check(tollgate.devToken(), TollgateProcess.STAGING_CHECK);
            assertThat(answer.status()).as(answer.text()).isEqualTo(503);
            assertThat(answer.json().path("code").asText()).isEqualTo("audit_integrity");
            assertThat(answer.json().path("message").asText()).contains("records 9..12 were removed");
        }
        var ready = api.get("/health/ready", null);
        assertThat(ready.status()).as(ready.text()).isEqualTo(503);
        assertThat(ready.text()).contains("records 9..12 were removed");

        // Over several checkpoint intervals (1 s each), nothing is signed over the shortened chain.
        Path file = state.resolve("audit-checkpoints.jsonl");
        long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        while (System.nanoTime() < until) {
            List<String> lines = Files.readAllLines(file);
            assertThat(Checkpoint.parse(lines.getLast()).seq()).as("newest checkpoint").isEqualTo(checkpointSeq);
            assertThat(api.get("/v1/audit/checkpoint", tollgate.devToken()).status()).isEqualTo(503);
        }
        var verify = api.get("/v1/audit/verify", tollgate.devToken());
        assertThat(verify.json().path("intact").asBoolean()).as(verify.text()).isFalse();
        assertThat(verify.text()).contains("says the log reached seq 12");
    }

    private TollgateProcess start(Path state, Path config) throws InterruptedException {
        var child = TollgateProcess.start(dir, Map.of("TOLLGATE_HTTP_PORT", "0", "TOLLGATE_DATA_DIR", state.toString()),
                "--config", config.toString());
        child.awaitListening(TollgateProcess.START_DEADLINE, true);
        return child;
    }

    @AfterEach
    void stop() {
        if (tollgate != null) {
            tollgate.destroy();
        }
    }
}
