package io.tollgate.plan;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tollgate.observability.CountsByState;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;

/** Release plans' Prometheus metrics, on the service's own registry. */
public final class PlanMetrics {
    private final Counter outcomes;
    private final Histogram compensationSeconds;
    private final Histogram stepSeconds;

    /**
     * @param byState current count of plans per state, read at scrape time
     * @param waiting releases of running plans not started yet (waiting on dependencies or on maxParallel), at scrape time
     */
    public PlanMetrics(PrometheusRegistry registry, Supplier<Map<String, Integer>> byState, Supplier<Integer> waiting) {
        outcomes = Counter.builder().name("tollgate_release_plan_outcomes_total")
                .help("Release plans that reached completed, halted, rolled_back, failed or aborted").labelNames("outcome")
                .register(registry);
        compensationSeconds = Histogram.builder().name("tollgate_release_plan_compensation_seconds")
                .help("From a plan's rolling_back to every started release rolled back and verified (or failed)")
                .classicUpperBounds(1, 2, 5, 10, 30, 60, 120, 300, 600, 1800).register(registry);
        stepSeconds = Histogram.builder().name("tollgate_release_plan_step_seconds")
                .help("Time of one plan step: reading the plan and its releases, deciding, starting or compensating")
                .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5).register(registry);
        CountsByState.register(registry, "tollgate_release_plans", "Release plans by state",
                Arrays.stream(PlanState.values()).map(PlanState::wire).toList(), byState);
        GaugeWithCallback.builder().name("tollgate_release_plan_entries_waiting")
                .help("Releases of running plans not started yet: waiting on their dependencies or on maxParallel")
                .callback(cb -> {
                    try {
                        cb.call(waiting.get());
                    } catch (RuntimeException e) {
                        // database down: no sample
                    }
                }).register(registry);
    }

    void outcome(PlanState state) {
        if (state.terminal() || state == PlanState.HALTED) {
            outcomes.labelValues(state.wire()).inc();
        }
    }

    void step(double seconds) {
        stepSeconds.observe(seconds);
    }

    void compensated(double seconds) {
        compensationSeconds.observe(seconds);
    }
}
