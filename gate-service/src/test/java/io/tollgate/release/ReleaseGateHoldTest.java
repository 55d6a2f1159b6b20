package io.tollgate.release;

import static io.tollgate.release.ReleaseFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.support.Ports;
import io.tollgate.support.TestTollgate;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A gate that keeps answering hold is asked again with growing waits until the gate timeout, then the release halts (dry runs too). */
class ReleaseGateHoldTest {

    @Test
    void a_gate_that_holds_past_the_gate_timeout_halts_with_gate_timeout_and_the_policy_reasons() {
        var flags = new FakeFlagRollout();
        var traffic = new FakeTrafficRouter();
        // checkout has an SLO; its Prometheus does not answer, so the policy holds (sli_unavailable).
        var deadPrometheus = URI.create("http://127.0.0.1:" + Ports.free());
        try (var tollgate = TestTollgate.builder().freshDatabase("release_hold")
                .slos(Path.of(System.getProperty("tollgate.root"), "slo-definitions"), deadPrometheus)
                .releases(wiring(flags, traffic, new FakeCanaryHealth())).start()) {
            long started = System.nanoTime();
            String id = create(tollgate, fourStages("checkout", "1s")).json().path("id").asText();

            var halted = awaitState(tollgate, id, "halted", Duration.ofSeconds(30)).json();
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("gate hold: halted with gate_timeout after %d ms (gateTimeout 2000 ms)%n", tookMs);

            assertThat(halted.path("reason").path("code").asText()).isEqualTo("gate_timeout");
            assertThat(halted.path("reason").path("message").asText()).contains("sli_unavailable");
            assertThat(tookMs).isGreaterThanOrEqualTo(2000);
            var gates = ReleaseFixtures.lines(halted, "gate");
            assertThat(gates.size()).isBetween(3, 20);
            assertThat(gates).allSatisfy(g -> assertThat(g.path("outcome").asText()).isEqualTo("hold"));
            assertThat(flags.calls()).isEmpty();
            assertThat(traffic.calls()).isEmpty();
        }
    }

    @Test
    void a_dry_run_whose_gate_holds_can_be_aborted_without_adapters_and_otherwise_halts_at_the_gate_timeout() {
        var flags = new FakeFlagRollout();
        var traffic = new FakeTrafficRouter();
        var deadPrometheus = URI.create("http://127.0.0.1:" + Ports.free());
        // A 6 s gate timeout: room to abort the first dry run while its gate still holds.
        var config = new ReleaseConfig(Duration.ofSeconds(6), Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofMillis(300),
                2, Duration.ofMillis(20), 0.20, 50, java.util.Map.of());
        try (var tollgate = TestTollgate.builder().freshDatabase("release_dry_hold")
                .slos(Path.of(System.getProperty("tollgate.root"), "slo-definitions"), deadPrometheus)
                .releases(wiring(flags, traffic, new FakeCanaryHealth(), config)).start()) {
            String holding = create(tollgate, fourStages("checkout", "1s").put("dryRun", true)).json().path("id").asText();
            var held = io.tollgate.testsupport.Eventually.await("dry run " + holding + " held", Duration.ofSeconds(5),
                    () -> get(tollgate, holding), a -> "gate_held".equals(a.json().path("reason").path("code").asText())).json();
            assertThat(held.path("state").asText()).isEqualTo("gating");
            assertThat(held.path("reason").path("message").asText()).startsWith("dry run: ").contains("sli_unavailable");

            var aborted = control(tollgate, TestTollgate.RELEASE_MANAGER_TOKEN, holding, "abort", "not today");
            assertThat(aborted.status()).as(aborted.text()).isEqualTo(200);
            assertThat(aborted.json().path("state").asText()).isEqualTo("aborted");
            assertThat(events(get(tollgate, holding).json(), "dry_run_reset")).hasSize(1);

            long started = System.nanoTime();
            String id = create(tollgate, fourStages("checkout", "1s").put("dryRun", true)).json().path("id").asText();
            var halted = awaitState(tollgate, id, "halted", Duration.ofSeconds(30)).json();
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("dry run gate hold: halted with gate_timeout after %d ms (gateTimeout 6000 ms)%n", tookMs);

            assertThat(halted.path("reason").path("code").asText()).isEqualTo("gate_timeout");
            assertThat(halted.path("reason").path("message").asText()).startsWith("dry run: gate held canary-1").contains("sli_unavailable");
            assertThat(tookMs).isGreaterThanOrEqualTo(6000);
            assertThat(get(tollgate, holding).json().path("state").asText()).isEqualTo("aborted");
            assertThat(flags.calls()).isEmpty();
            assertThat(traffic.calls()).isEmpty();
        }
    }
}
