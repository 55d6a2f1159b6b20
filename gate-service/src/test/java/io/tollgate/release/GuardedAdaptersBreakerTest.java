package io.tollgate.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tollgate.adapter.AdapterResult;
import io.tollgate.adapter.FlagTarget;
import io.tollgate.config.AdapterGuardConfig;
import io.tollgate.testsupport.Eventually;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The circuit breaker per adapter (resilience4j) with the guard settings from configuration: an adapter that keeps
 * failing is no longer called once the breaker opens (the answer names the open circuit at once), and is called
 * again after {@code breakerOpenFor}.
 */
class GuardedAdaptersBreakerTest {
    private static final FlagTarget FLAG = new FlagTarget("checkout-v150", "production");

    @Test
    void an_adapter_that_keeps_failing_is_not_called_while_its_breaker_is_open_and_is_tried_again_after() {
        var flags = new FakeFlagRollout();
        var registry = new AdapterRegistry();
        registry.flags(FakeFlagRollout.TYPE, () -> flags);
        // One attempt per call, breaker over the last 4 calls (at least 4), open at 50%, for 300 ms.
        var guard = new AdapterGuardConfig(Duration.ofSeconds(1), 1, Duration.ofMillis(10), 50, 4, 4, Duration.ofMillis(300));
        var config = new ReleaseConfig(Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofSeconds(1), guard,
                Map.of(), 0.2, 50, Map.of());
        try (var guarded = new GuardedAdapters(registry, config, new ReleaseMetrics(new PrometheusRegistry(), Map::of))) {
            flags.down(true);
            for (int i = 0; i < 4; i++) {
                assertThat(guarded.applyFlag(FakeFlagRollout.TYPE, FLAG, 5)).isInstanceOf(AdapterResult.Failed.class);
            }
            assertThat(flags.calls("apply")).hasSize(4);

            var refused = guarded.applyFlag(FakeFlagRollout.TYPE, FLAG, 5);
            assertThat(((AdapterResult.Failed) refused).detail()).contains("flag/" + FakeFlagRollout.TYPE)
                    .contains("circuit open after repeated failures");
            assertThat(flags.calls("apply")).as("not called while open").hasSize(4);

            flags.down(false);
            var applied = Eventually.await("breaker half-open again", Duration.ofSeconds(5),
                    () -> guarded.applyFlag(FakeFlagRollout.TYPE, FLAG, 5), r -> r instanceof AdapterResult.Applied);
            assertThat(applied).isInstanceOf(AdapterResult.Applied.class);
            assertThat(flags.percent("checkout-v150")).isEqualTo(5);
        }
    }
}
