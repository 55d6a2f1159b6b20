package io.tollgate.observability;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** A gauge of how many things (releases, plans) are in each state, read from the database at scrape time. */
public final class CountsByState {
    private CountsByState() {
    }

    /** Registers {@code name} with one sample per state in {@code states}, 0 for a state with nothing in it. */
    public static void register(PrometheusRegistry registry, String name, String help, List<String> states,
                                Supplier<Map<String, Integer>> counts) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("state")
                .callback(cb -> {
                    Map<String, Integer> now;
                    try {
                        now = counts.get();
                    } catch (RuntimeException e) {
                        return; // database down: no sample rather than a wrong one
                    }
                    for (var state : states) {
                        cb.call(now.getOrDefault(state, 0), state);
                    }
                }).register(registry);
    }
}
