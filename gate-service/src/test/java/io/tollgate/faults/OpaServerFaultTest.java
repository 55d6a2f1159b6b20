package io.tollgate.faults;

import io.tollgate.support.CheckLoad;
import static io.tollgate.support.Requests.aCheck;
import static io.tollgate.support.TestTollgate.ADMIN_TOKEN;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.support.Ports;
import io.tollgate.support.TestTollgate;
import io.tollgate.testsupport.Eventually;
import io.tollgate.testsupport.OpaServerFixture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The OPA server ({@code policy.engine: opa-server}, the shipped policies) killed or frozen under a bounded load of
 * checks that it allows while healthy. While it cannot answer, every check is answered within the policy timeout
 * with a recorded {@code deny} ({@code policy_unavailable}); once it is back, the same Tollgate allows again.
 */
@Tag("live")
@Timeout(300)
class OpaServerFaultTest {
    private static final Duration POLICY_TIMEOUT = Duration.ofMillis(500);
    /** How much longer than {@code policy.timeout} a check may take while OPA is frozen: scheduling on a busy box. */
    private static final Duration ANSWER_MARGIN = Duration.ofSeconds(1);
    /** Stated bound: from starting OPA again (or thawing it) to the first allow of the same Tollgate. */
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);

    private OpaServerFixture opa;
    private TestTollgate tollgate;
    private FaultRun run;

    @BeforeEach
    void start() {
        opa = OpaServerFixture.start(Ports.repoRoot().resolve("policies"));
        tollgate = TestTollgate.builder().freshDatabase("fault_opa").opaServer(opa.url(), POLICY_TIMEOUT).start();
        run = FaultRun.start(tollgate.baseUrl(), CI_TOKEN, aCheck().json().toString());
        run.awaitOutcomes("allows from a healthy OPA", 20, "allow", run.startedAt());
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (run != null) {
            run.close();
        }
        if (tollgate != null) {
            tollgate.close();
        }
        if (opa != null) {
            opa.stop();
        }
    }

    @Test
    void denies_policy_unavailable_while_opa_is_killed_and_allows_after_its_restart_without_restarting_tollgate() throws Exception {
        long killed = run.now();
        opa.kill();
        long dead = run.now();
        var down = run.awaitOutcomes("fail-safe answers with OPA dead", 30, "deny", dead);

        long restarting = run.now();
        opa.restart();
        long healthy = run.now();
        var firstAllow = run.awaitOutcomes("an allow after the restart", 1, "allow", healthy).getFirst();
        List<CheckLoad.Sent> all = run.finish();

        assertThat(all).as("every check answered").allSatisfy(s -> assertThat(s.status()).as(s.error()).isEqualTo(200));
        assertFailSafe(run.startedBetween(dead, restarting));
        Duration recovery = run.since(restarting, firstAllow.endedNanos());
        run.report("opa-server SIGKILL", all, "while dead " + FaultRun.latency(run.startedBetween(dead, restarting))
                + "; first policy_unavailable deny " + run.since(killed, down.getFirst().endedNanos()).toMillis()
                + " ms after the kill; OPA restart took " + run.since(restarting, healthy).toMillis() + " ms; first allow "
                + recovery.toMillis() + " ms after the restart began (" + run.since(healthy, firstAllow.endedNanos()).toMillis()
                + " ms after OPA was healthy)");
        assertThat(recovery).isLessThan(RECOVERY_BOUND);
        Eventually.await("ready again", RECOVERY_BOUND, () -> tollgate.api().get("/health/ready", null).status(), status -> status == 200);
        run.assertEveryAcknowledgedRecordedAndNothingElse(tollgate.api(), ADMIN_TOKEN, all);
    }

    @Test
    void answers_within_the_policy_timeout_while_opa_is_frozen_and_allows_after_it_thaws() throws Exception {
        opa.pause();
        long frozen = run.now(); // a check sent before kill(1) returned may still have been answered
        long thawing;
        try {
            run.awaitOutcomes("fail-safe answers with OPA frozen", 30, "deny", frozen);
        } finally {
            thawing = run.now();
            opa.resume();
        }
        var firstAllow = run.awaitOutcomes("an allow after the thaw", 1, "allow", thawing).getFirst();
        List<CheckLoad.Sent> all = run.finish();

        assertThat(all).as("every check answered").allSatisfy(s -> assertThat(s.status()).as(s.error()).isEqualTo(200));
        var duringFreeze = run.startedBetween(frozen, thawing);
        assertFailSafe(duringFreeze);
        var slowest = duringFreeze.stream().map(CheckLoad.Sent::took).max(Duration::compareTo).orElseThrow();
        Duration recovery = run.since(thawing, firstAllow.endedNanos());
        run.report("opa-server SIGSTOP", all, "while frozen " + FaultRun.latency(duringFreeze) + " (policy.timeout "
                + POLICY_TIMEOUT.toMillis() + " ms); first allow " + recovery.toMillis() + " ms after SIGCONT");
        assertThat(slowest).as("no check waits on a frozen OPA past policy.timeout + margin").isLessThan(POLICY_TIMEOUT.plus(ANSWER_MARGIN));
        assertThat(recovery).isLessThan(RECOVERY_BOUND);
        run.assertEveryAcknowledgedRecordedAndNothingElse(tollgate.api(), ADMIN_TOKEN, all);
    }

    /** Nothing allowed, every answer a recorded-to-be deny naming the policy engine. */
    private static void assertFailSafe(List<CheckLoad.Sent> down) {
        assertThat(down).isNotEmpty().allSatisfy(s -> {
            assertThat(s.outcome()).isEqualTo("deny");
            assertThat(s.codes()).containsExactly("policy_unavailable");
        });
    }
}
