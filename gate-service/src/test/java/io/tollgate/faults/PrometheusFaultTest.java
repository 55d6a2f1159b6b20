package io.tollgate.faults;

import io.tollgate.support.CheckLoad;
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
 * Prometheus SIGKILLed or frozen (SIGSTOP) while a service's SLO gates its checks (the scaled-down
 * {@code slo-e2e/flip} SLO, healthy traffic): every check is answered (within {@code slo.queryTimeout} when frozen),
 * none allowed, each a recorded {@code hold} with {@code sli_unavailable}; once Prometheus runs again, the same
 * Tollgate allows again.
 */
@Tag("live")
@Timeout(300)
class PrometheusFaultTest {
    /** Results read before the kill may serve this long ({@code slo.cacheFreshness} of the test Tollgate). */
    private static final Duration CACHE_FRESHNESS = Duration.ofMillis(500);
    /** Stated bound: from starting Prometheus again to the first allow (it must scrape and fill the 5 s window again). */
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);
    /** {@code slo.queryTimeout} of the test Tollgate, and how much longer a check may take on a busy machine. */
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration ANSWER_MARGIN = Duration.ofSeconds(1);

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
        startLoadOnHealthySlis();

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

    @Test
    void holds_sli_unavailable_within_the_query_timeout_while_prometheus_is_frozen_and_allows_after_it_thaws() throws Exception {
        startLoadOnHealthySlis();

        long frozen = run.now();
        live.prometheus().pause();
        long stale = run.now() + CACHE_FRESHNESS.toNanos();
        long thawing;
        try {
            run.awaitOutcomes("holds with Prometheus frozen", 20, "hold", stale);
        } finally {
            thawing = run.now();
            live.prometheus().resume();
        }
        var firstAllow = run.awaitOutcomes("an allow after the thaw", 1, "allow", thawing).getFirst();
        List<CheckLoad.Sent> all = run.finish();

        assertThat(all).as("every check answered").allSatisfy(s -> assertThat(s.status()).as(s.error()).isEqualTo(200));
        var duringFreeze = run.startedBetween(stale, thawing);
        assertThat(duringFreeze).as("with Prometheus frozen").isNotEmpty().allSatisfy(s -> {
            assertThat(s.outcome()).isEqualTo("hold");
            assertThat(s.codes()).containsExactly("sli_unavailable");
        });
        var slowest = duringFreeze.stream().map(CheckLoad.Sent::took).max(Duration::compareTo).orElseThrow();
        Duration recovery = run.since(thawing, firstAllow.endedNanos());
        run.report("prometheus SIGSTOP", all, "while frozen " + FaultRun.latency(duringFreeze) + " (slo.queryTimeout "
                + QUERY_TIMEOUT.toMillis() + " ms); first allow " + recovery.toMillis() + " ms after SIGCONT (frozen "
                + run.since(frozen, thawing).toMillis() + " ms)");
        assertThat(slowest).as("no check waits on a frozen Prometheus past slo.queryTimeout + margin")
                .isLessThan(QUERY_TIMEOUT.plus(ANSWER_MARGIN));
        assertThat(recovery).isLessThan(RECOVERY_BOUND);
        run.assertEveryAcknowledgedRecordedAndNothingElse(live.tollgate().api(), ADMIN_TOKEN, all);
    }

    private void startLoadOnHealthySlis() {
        live = LiveSlos.start("search", 200, 0.001, null, "slo-e2e/flip", "fault_prometheus");
        run = FaultRun.start(live.tollgate().baseUrl(), CI_TOKEN, aCheck().service("search").environment("staging").json().toString());
        run.awaitOutcomes("allows on healthy SLIs", 20, "allow", run.startedAt());
    }
}
