package io.tollgate.db;

import static io.tollgate.support.TestTollgate.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.config.DatabaseConfig;
import io.tollgate.support.CheckLoad;
import io.tollgate.support.TestTollgate;
import io.tollgate.testsupport.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live fault test: the embedded PostgreSQL's postmaster is killed (SIGKILL, as by the OOM killer) while clients
 * check. Tollgate restarts it on the same data directory and port by itself: checks answer 200 again and
 * readiness is UP without restarting Tollgate, and every acknowledged decision is in an intact log.
 */
@Tag("live")
class EmbeddedPostgresKilledTest {
    /** Stated recovery bound: detection (0.5 s poll) + PostgreSQL's crash recovery + start, with room for a slow CI host. */
    private static final Duration RECOVERY = Duration.ofSeconds(30);

    @Test
    void checks_answer_again_without_restarting_tollgate_after_the_embedded_postgres_is_killed(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("pg");
        try (var tollgate = TestTollgate.builder().database(new DatabaseConfig(null, null, null, dataDir, 4, null)).start()) {
            var load = CheckLoad.start(tollgate.api(), 4, 20_000);
            try {
                Eventually.await("200 acknowledged checks", Duration.ofSeconds(60), () -> load.acknowledged().size(), n -> n >= 200);
                var postmaster = Postmaster.of(dataDir);
                long killed = System.nanoTime();
                postmaster.kill9();
                Eventually.await("checks refused while PostgreSQL is gone", Duration.ofSeconds(30), () -> load.count(503), n -> n > 0);

                var firstAgain = Eventually.await("a check answered 200 after the kill", RECOVERY,
                        () -> load.firstStartedAfter(killed, 200), java.util.Optional::isPresent).orElseThrow();
                Duration recovery = Duration.ofNanos(firstAgain.endedNanos() - killed);
                var ready = Eventually.await("/health/ready UP again", RECOVERY, () -> tollgate.api().get("/health/ready", null),
                        a -> a.status() == 200);
                System.out.printf("embedded PostgreSQL killed: first 200 again %d ms after SIGKILL; ready %d ms after%n",
                        recovery.toMillis(), (System.nanoTime() - killed) / 1_000_000);
                assertThat(ready.json().get("checks").get("database").asText()).isEqualTo("UP");
                assertThat(Postmaster.of(dataDir).pid()).as("a new postmaster").isNotEqualTo(postmaster.pid());
                Eventually.await("more checks acknowledged after the restart", Duration.ofSeconds(30),
                        () -> load.sent().stream().filter(a -> a.startedNanos() > firstAgain.endedNanos() && a.status() == 200).count(),
                        n -> n >= 50);
            } finally {
                load.stop(); // lets the checks in flight end: their answers are asserted on below
            }
            assertThat(load.sent()).extracting(CheckLoad.Sent::status).containsOnly(200, 503);
            assertThat(load.sent()).filteredOn(a -> a.status() == 503).extracting(CheckLoad.Sent::errorCode)
                    .containsOnly("audit_unavailable");
            load.assertLogHoldsEveryAcknowledged(tollgate.api());
            assertThat(tollgate.api().get("/v1/audit/verify", ADMIN_TOKEN).json().get("intact").asBoolean()).isTrue();
        }
    }
}
