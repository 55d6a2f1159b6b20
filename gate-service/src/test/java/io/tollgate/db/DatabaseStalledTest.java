package io.tollgate.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.config.DatabaseConfig;
import io.tollgate.support.CheckLoad;
import io.tollgate.support.TestTollgate;
import io.tollgate.testsupport.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live fault test: PostgreSQL is frozen (SIGSTOP to the postmaster and its backends) for longer than the statement
 * timeout while clients check. No check hangs: each answers within the stated bound, with 503 while the database
 * is frozen; after SIGCONT checks answer 200 again, and the log holds every acknowledged decision in one intact
 * chain (commits that were in flight when their callers gave up may land after SIGCONT: recorded, not acknowledged).
 */
@Tag("live")
class DatabaseStalledTest {
    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(2);
    /**
     * The stated bound on a check: the override read may wait for the driver's socket timeout (statement timeout + 1 s,
     * rounded up to seconds), then the audit append for the statement timeout; plus slack for a loaded 2-core host.
     */
    private static final Duration BOUND = STATEMENT_TIMEOUT.multipliedBy(2).plusSeconds(1).plusSeconds(3);
    private static final Duration FROZEN = Duration.ofSeconds(15);

    @Test
    void checks_answer_503_within_the_timeout_while_postgres_is_frozen_and_200_after_it_resumes(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("pg");
        var database = new DatabaseConfig(null, null, null, dataDir, 4, null).withStatementTimeout(STATEMENT_TIMEOUT);
        try (var tollgate = TestTollgate.builder().database(database).start()) {
            var load = CheckLoad.start(tollgate.api(), 4, 20_000);
            var postmaster = Postmaster.of(dataDir);
            long resumed;
            try {
                Eventually.await("200 acknowledged checks", Duration.ofSeconds(60), () -> load.acknowledged().size(), n -> n >= 200);
                long frozen = System.nanoTime();
                postmaster.stopAll();
                try {
                    Eventually.await("checks refused while PostgreSQL is frozen", FROZEN, () -> load.count(503), n -> n >= 4);
                    long left = FROZEN.toNanos() - (System.nanoTime() - frozen);
                    // Holding the freeze for the rest of FROZEN is the fault itself, not a wait for a condition.
                    Thread.sleep(Math.max(0, left / 1_000_000));
                } finally {
                    postmaster.continueAll();
                }
                resumed = System.nanoTime();
                var firstAgain = Eventually.await("a check answered 200 after SIGCONT", Duration.ofSeconds(30),
                        () -> load.firstStartedAfter(resumed, 200), Optional::isPresent).orElseThrow();
                System.out.printf("PostgreSQL frozen %d s: longest check %d ms (bound %d ms); first 200 %d ms after SIGCONT%n",
                        FROZEN.toSeconds(), load.sent().stream().mapToLong(a -> a.took().toMillis()).max().orElse(0),
                        BOUND.toMillis(), (firstAgain.endedNanos() - resumed) / 1_000_000);
                Eventually.await("/health/ready UP", Duration.ofSeconds(30), () -> tollgate.api().get("/health/ready", null),
                        a -> a.status() == 200);
            } finally {
                load.stop(); // lets the checks in flight end: their answers are asserted on below
            }
            assertThat(load.sent()).extracting(CheckLoad.Sent::status).containsOnly(200, 503);
            assertThat(load.sent()).as("no check waits longer than the bound")
                    .allSatisfy(a -> assertThat(a.took()).isLessThan(BOUND));
            assertThat(load.sent()).filteredOn(a -> a.status() == 503).extracting(CheckLoad.Sent::errorCode)
                    .containsOnly("audit_unavailable");
            load.assertLogHoldsEveryAcknowledged(tollgate.api());
        }
    }
}
