package io.tollgate.faults;

import static io.tollgate.support.Requests.aCheck;
import static io.tollgate.support.TestTollgate.ADMIN_TOKEN;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.support.LiveSlos;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Prometheus SIGKILLed while a service's SLO gates its checks (the scaled-down {@code slo-e2e/flip} SLO, healthy
 * traffic): every check is answered, none allowed, each a recorded {@code hold} with {@code sli_unavailable}; once
 * Prometheus runs again on the same port and TSDB, the same Tollgate allows again.
 */
@Tag("live")
@Timeout(300)
class PrometheusFaultTest {
    /** Results read before the kill may serve this long ({@code slo.cacheFreshness} of the test Tollgate). */
    private static final Duration CACHE_FRESHNESS = Duration.ofMillis(500);
    /** Stated bound: from starting Prometheus again to the first allow (it must scrape and fill the 5 s window again). */
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);

    private LiveSlos live;
    private FaultRun run;

    @AfterEach
    void stop() throws InterruptedException {
        if (run != null) {
            run.close();
        }
        if (live != null) {
            live.close();
        }
    }

    @Test
    void holds_sli_unavailable_while_prometheus_is_killed_and_allows_after_its_restart_without_restarting_tollgate() throws Exception {
        live = LiveSlos.start("search", 200, 0.001, null, "slo-e2e/flip", "fault_prometheus");
        run = FaultRun.start(live.tollgate().baseUrl(), CI_TOKEN, aCheck().service("search").environment("staging").json().toString());
        run.awaitOutcomes("allows on healthy SLIs", 20, "allow", run.startedAt());

        long killed = run.now();
        live.prometheus().kill();
        long stale = run.now() + CACHE_FRESHNESS.toNanos();
        var holds = run.awaitOutcomes("holds with Prometheus dead", 30, "hold", stale);

        long restarting = run.now();
        live.prometheus().restart();
        long ready = run.now();
        var firstAllow = run.awaitOutcomes("an allow after the restart", 1, "allow", ready).getFirst();
        List<CheckLoad.Sent> all = run.finish();

        assertThat(all).as("every check answered").allSatisfy(s -> assertThat(s.status()).as(s.error()).isEqualTo(200));
        assertThat(run.startedBetween(stale, restarting)).as("with Prometheus dead").isNotEmpty().allSatisfy(s -> {
            assertThat(s.outcome()).isEqualTo("hold");
            assertThat(s.codes()).containsExactly("sli_unavailable");
        });
        Duration recovery = run.since(restarting, firstAllow.endedNanos());
        run.report("prometheus SIGKILL", all, "first hold " + run.since(killed, holds.getFirst().endedNanos()).toMillis()
                + " ms after the kill; Prometheus restart took " + run.since(restarting, ready).toMillis() + " ms; first allow "
                + recovery.toMillis() + " ms after the restart began");
        assertThat(recovery).isLessThan(RECOVERY_BOUND);
        run.assertEveryAcknowledgedRecordedAndNothingElse(live.tollgate().api(), ADMIN_TOKEN, all);
    }
}
