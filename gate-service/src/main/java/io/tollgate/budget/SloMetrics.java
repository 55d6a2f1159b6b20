package io.tollgate.budget;

import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tollgate.slo.Durations;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SLO state as Prometheus gauges for dashboards and alerts. Series of an SLO are rewritten as a
 * whole on every evaluation; an unavailable evaluation keeps the last known numbers but marks the
 * SLO down and lets {@code tollgate_slo_data_age_seconds} grow, so stale data is visible as such.
 */
public final class SloMetrics {
    /** Window label for the SLO's own window (as opposed to a burn-rate window like {@code 1h}). */
    public static final String SLO_WINDOW = "slo";
    private final Gauge remaining;
    private final Gauge burnRate;
    private final Gauge sli;
    private final Gauge threshold;
    private final Gauge objective;
    private final Gauge up;
    private final Gauge complete;
    private final Map<String, Long> lastGoodMillis = new ConcurrentHashMap<>();
    private final Map<String, String> serviceOf = new ConcurrentHashMap<>();

    public SloMetrics(PrometheusRegistry registry, Clock clock) {
        remaining = gauge(registry, "tollgate_slo_error_budget_remaining_ratio",
                "Share of the error budget left over the SLO window (negative: overspent)", "slo", "service");
        burnRate = gauge(registry, "tollgate_slo_burn_rate",
                "Error budget burn rate over a window (1 = spending exactly the budget over the SLO window)", "slo", "service", "window");
        sli = gauge(registry, "tollgate_slo_sli_ratio", "Good events / all events over a window", "slo", "service", "window");
        threshold = gauge(registry, "tollgate_slo_burn_rate_threshold",
                "Burn-rate threshold of an alert condition (drawn on dashboards)", "slo", "service", "condition", "severity");
        objective = gauge(registry, "tollgate_slo_objective_ratio", "The SLO target", "slo", "service");
        up = gauge(registry, "tollgate_slo_up", "1 when the last evaluation of the SLO succeeded, else 0", "slo", "service");
        complete = gauge(registry, "tollgate_slo_data_complete",
                "1 when the SLI's data reaches back over the whole SLO window", "slo", "service");
        GaugeWithCallback.builder()
                .name("tollgate_slo_data_age_seconds")
                .help("Seconds since the SLO was last evaluated successfully")
                .labelNames("slo", "service")
                .callback(cb -> lastGoodMillis.forEach((slo, millis) ->
                        cb.call((clock.millis() - millis) / 1000.0, slo, serviceOf.get(slo))))
                .register(registry);
    }

    public void record(SloStatus s) {
        String name = s.slo().name();
        String service = s.slo().service();
        serviceOf.put(name, service);
        objective.labelValues(name, service).set(s.slo().target());
        up.labelValues(name, service).set(s.available() ? 1 : 0);
        for (var rule : s.slo().burnRules()) {
            threshold.labelValues(name, service, rule.name(), rule.severity()).set(rule.threshold());
        }
        if (!s.available()) {
            return;
        }
        lastGoodMillis.put(name, s.at().toEpochMilli());
        complete.labelValues(name, service).set(s.dataComplete() ? 1 : 0);
        remaining.labelValues(name, service).set(s.budget().remaining());
        burnRate.labelValues(name, service, SLO_WINDOW).set(s.budget().burnRate());
        sli.labelValues(name, service, SLO_WINDOW).set(s.sli());
        double budget = 1 - s.slo().target();
        for (var b : s.burnRates()) {
            burnRate.labelValues(name, service, Durations.toPrometheus(b.longWindow())).set(b.longRate());
            burnRate.labelValues(name, service, Durations.toPrometheus(b.shortWindow())).set(b.shortRate());
            sli.labelValues(name, service, Durations.toPrometheus(b.longWindow())).set(1 - b.longRate() * budget);
            sli.labelValues(name, service, Durations.toPrometheus(b.shortWindow())).set(1 - b.shortRate() * budget);
        }
    }

    /** Drops every series (after a reload, before the new catalog is evaluated). */
    public void clear() {
        for (var g : new Gauge[] {remaining, burnRate, sli, threshold, objective, up, complete}) {
            g.clear();
        }
        lastGoodMillis.clear();
        serviceOf.clear();
    }

    private static Gauge gauge(PrometheusRegistry registry, String name, String help, String... labels) {
        return Gauge.builder().name(name).help(help).labelNames(labels).register(registry);
    }
}
