package io.tollgate.release;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tollgate.observability.CountsByState;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;

/** The release engine's Prometheus metrics, registered on the service's own registry. */
public final class ReleaseMetrics {
    private final Counter transitions;
    private final Counter rollbacks;
    private final Counter adapterCalls;
    private final Histogram adapterSeconds;

    /** @param byState current count of releases per state, read at scrape time */
    public ReleaseMetrics(PrometheusRegistry registry, Supplier<Map<String, Integer>> byState) {
        transitions = Counter.builder().name("tollgate_release_transitions_total")
                .help("Release state transitions").labelNames("from", "to").register(registry);
        rollbacks = Counter.builder().name("tollgate_rollbacks_total")
                .help("Releases rolled back").labelNames("service", "reason").register(registry);
        adapterCalls = Counter.builder().name("tollgate_adapter_calls_total")
                .help("Adapter calls by adapter and result (ok, failed, not_verified)").labelNames("adapter", "result").register(registry);
        adapterSeconds = Histogram.builder().name("tollgate_adapter_call_seconds")
                .help("Adapter call time, retries included").labelNames("adapter").register(registry);
        CountsByState.register(registry, "tollgate_releases", "Releases by state",
                Arrays.stream(ReleaseState.values()).map(ReleaseState::wire).toList(), byState);
    }

    /** Metrics on a private registry (tests of components without a service). */
    public static ReleaseMetrics detached() {
        return new ReleaseMetrics(new PrometheusRegistry(), Map::of);
    }

    void transition(ReleaseState from, ReleaseState to) {
        transitions.labelValues(from.wire(), to.wire()).inc();
    }

    void rollback(String service, String reason) {
        rollbacks.labelValues(service, reason).inc();
    }

    void adapterCall(String adapter, String result, double seconds) {
        adapterCalls.labelValues(adapter, result).inc();
        adapterSeconds.labelValues(adapter).observe(seconds);
    }
}
