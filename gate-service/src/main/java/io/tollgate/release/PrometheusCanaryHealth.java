package io.tollgate.release;

import io.tollgate.adapter.CanaryQueries;
import io.tollgate.adapter.MetricResult;
import io.tollgate.adapter.MetricsSource;
import io.tollgate.adapter.Side;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * Canary counts from a {@link MetricsSource} (PromQL): requests and errors of the canary destination since its bake
 * started, from the counters the release's traffic adapter names ({@link CanaryQueries}), as
 * {@code sum(increase(<selector>[<seconds since the bake started, at least 1>s]))}.
 */
public final class PrometheusCanaryHealth implements CanaryHealth {
    private final MetricsSource metrics;
    private final Function<String, CanaryQueries> adapterQueries;
    private final Clock clock;

    /** @param adapterQueries the canary metrics of a traffic adapter instance, by name */
    public PrometheusCanaryHealth(MetricsSource metrics, Function<String, CanaryQueries> adapterQueries, Clock clock) {
        this.metrics = metrics;
        this.adapterQueries = adapterQueries;
        this.clock = clock;
    }

    @Override
    public Reading read(Release release) {
        if (release.bakeStartedAt() == null) {
            return new Unavailable("no bake running");
        }
        var traffic = release.spec().traffic();
        var counters = adapterQueries.apply(traffic.provider()).counters(traffic.target(), Side.CANARY);
        if (counters.isEmpty()) {
            return new Unavailable("traffic adapter \"" + traffic.provider() + "\" reports no request counters");
        }
        var now = clock.instant();
        long window = Math.max(1, Duration.between(release.bakeStartedAt(), now).toSeconds());
        String requests = increase(counters.get().requests(), window);
        String errors = increase(counters.get().errors(), window) + " or vector(0)";
        var r = metrics.queryScalar(requests, now);
        var e = metrics.queryScalar(errors, now);
        if (r instanceof MetricResult.NoData) {
            return new Counts(0, 0, requests + " → no data");
        }
        if (!(r instanceof MetricResult.Value rv)) {
            return new Unavailable(describe(r));
        }
        if (!(e instanceof MetricResult.Value ev)) {
            return e instanceof MetricResult.NoData ? new Counts(Math.round(rv.value()), 0, requests)
                    : new Unavailable(describe(e));
        }
        return new Counts(Math.round(rv.value()), Math.round(ev.value()), "errors: " + errors + "; requests: " + requests);
    }

    private static String increase(String selector, long windowSeconds) {
        return "sum(increase(" + selector + "[" + windowSeconds + "s]))";
    }

    private static String describe(MetricResult r) {
        return switch (r) {
            case MetricResult.Unavailable u -> "metrics unavailable: " + u.detail() + " (" + u.query() + ")";
            case MetricResult.NoData n -> "no data: " + n.query();
            case MetricResult.Value v -> v.query() + " = " + v.value();
        };
    }
}
