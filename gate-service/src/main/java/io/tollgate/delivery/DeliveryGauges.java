package io.tollgate.delivery;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The delivery metrics of every service and environment over {@link DeliveryWindow#THIRTY_DAYS} as Prometheus gauges,
 * computed on scrape at most once per {@code refresh} (one query for all gauges). A metric with no data (no deployment,
 * no failure) has no sample; when the database cannot answer, no gauge has one (never a stale or made-up value).
 */
public final class DeliveryGauges {
    private static final String[] LABELS = {"service", "environment", "window"};
    private final Supplier<List<DeliveryMetrics>> source;
    private final Clock clock;
    private final Duration refresh;
    private List<DeliveryMetrics> cached;
    private Instant cachedAt;

    public DeliveryGauges(PrometheusRegistry registry, DeliveryService delivery, Clock clock, Duration refresh) {
        this(registry, () -> delivery.metrics(null, null, DeliveryWindow.THIRTY_DAYS), clock, refresh);
    }

    DeliveryGauges(PrometheusRegistry registry, Supplier<List<DeliveryMetrics>> source, Clock clock, Duration refresh) {
        this.source = source;
        this.clock = clock;
        this.refresh = refresh;
        gauge(registry, "tollgate_delivery_deployments", "Releases promoted in the window (deployment frequency)",
                (m, put) -> put.accept(m, (double) m.frequency().deployments()));
        gauge(registry, "tollgate_delivery_deployments_per_day", "Releases promoted per day over the window",
                (m, put) -> put.accept(m, m.frequency().perDay()));
        gauge(registry, "tollgate_delivery_change_fail_ratio", "Failed deployments / deployments in the window (change fail rate)",
                (m, put) -> put.accept(m, m.failRate().ratio()));
        gauge(registry, "tollgate_delivery_deployment_rework_ratio", "Emergency or hotfix releases / releases promoted in the window",
                (m, put) -> put.accept(m, m.rework().ratio()));
        quantiles(registry, "tollgate_delivery_lead_time_seconds", "Change lead time, commit to promotion, by quantile",
                m -> new Duration[] {m.leadTime().median(), m.leadTime().p90()});
        quantiles(registry, "tollgate_delivery_recovery_time_seconds", "Failed deployment recovery time, by quantile",
                m -> new Duration[] {m.recovery().median(), m.recovery().p90()});
    }

    private interface Sample {
        void take(DeliveryMetrics m, BiConsumer<DeliveryMetrics, Double> put);
    }

    private void gauge(PrometheusRegistry registry, String name, String help, Sample sample) {
        GaugeWithCallback.builder().name(name).help(help).labelNames(LABELS).callback(cb -> {
            for (var m : current()) {
                sample.take(m, (x, value) -> {
                    if (value != null) {
                        cb.call(value, x.service(), x.environment(), DeliveryWindow.THIRTY_DAYS.text());
                    }
                });
            }
        }).register(registry);
    }

    private void quantiles(PrometheusRegistry registry, String name, String help,
                           java.util.function.Function<DeliveryMetrics, Duration[]> values) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("service", "environment", "window", "quantile").callback(cb -> {
            for (var m : current()) {
                var v = values.apply(m);
                String[] q = {"0.5", "0.9"};
                for (int i = 0; i < q.length; i++) {
                    if (v[i] != null) {
                        cb.call(v[i].toMillis() / 1000.0, m.service(), m.environment(), DeliveryWindow.THIRTY_DAYS.text(), q[i]);
                    }
                }
            }
        }).register(registry);
    }

    /** The cached results while fresh; else computed again; empty when the database cannot answer. */
    synchronized List<DeliveryMetrics> current() {
        Instant now = clock.instant();
        if (cached == null || cachedAt.plus(refresh).isBefore(now)) {
            try {
                cached = source.get();
                cachedAt = now;
            } catch (RuntimeException e) {
                cached = null;
                return List.of();
            }
        }
        return cached;
    }
}
