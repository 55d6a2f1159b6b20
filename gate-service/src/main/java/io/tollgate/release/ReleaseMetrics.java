package io.tollgate.release;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
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
        GaugeWithCallback.builder().name("tollgate_releases").help("Releases by state").labelNames("state")
                .callback(cb -> {
                    Map<String, Integer> counts;
                    try {
                        counts = byState.get();
                    } catch (RuntimeException e) {
                        return; // database down: no sample rather than a wrong one
                    }
                    for (var s : ReleaseState.values()) {
                        cb.call(counts.getOrDefault(s.wire(), 0), s.wire());
                    }
                }).register(registry);
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
