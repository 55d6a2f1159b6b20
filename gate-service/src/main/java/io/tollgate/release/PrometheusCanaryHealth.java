package io.tollgate.release;

import io.tollgate.adapter.MetricResult;
import io.tollgate.adapter.MetricsSource;
import java.time.Clock;
import java.time.Duration;

/**
 * Canary counts from a {@link MetricsSource} (PromQL): requests and 5xx answers of the canary server since its
 * bake started, from HAProxy's exporter by default ({@code haproxy_server_http_responses_total{proxy, server, code}}).
 * Queries are templates with {@code {backend}}, {@code {canary}} and {@code {window}} (seconds since the bake
 * started, at least 1).
 */
public final class PrometheusCanaryHealth implements CanaryHealth {
    public static final String HAPROXY_REQUESTS =
            "sum(increase(haproxy_server_http_responses_total{proxy=\"{backend}\",server=\"{canary}\"}[{window}s]))";
    public static final String HAPROXY_ERRORS =
            "sum(increase(haproxy_server_http_responses_total{proxy=\"{backend}\",server=\"{canary}\",code=\"5xx\"}[{window}s])) or vector(0)";

    private final MetricsSource metrics;
    private final String requestsQuery;
    private final String errorsQuery;
    private final Clock clock;

    public PrometheusCanaryHealth(MetricsSource metrics, String requestsQuery, String errorsQuery, Clock clock) {
        this.metrics = metrics;
        this.requestsQuery = requestsQuery;
        this.errorsQuery = errorsQuery;
        this.clock = clock;
    }

    /** HAProxy's exporter through Prometheus. */
    public static PrometheusCanaryHealth haproxy(MetricsSource metrics) {
        return new PrometheusCanaryHealth(metrics, HAPROXY_REQUESTS, HAPROXY_ERRORS, Clock.systemUTC());
    }

    @Override
    public Reading read(Release release) {
        if (release.bakeStartedAt() == null) {
            return new Unavailable("no bake running");
        }
        var now = clock.instant();
        long window = Math.max(1, Duration.between(release.bakeStartedAt(), now).toSeconds());
        var traffic = release.spec().traffic();
        String requests = fill(requestsQuery, traffic.backend(), traffic.canary(), window);
        String errors = fill(errorsQuery, traffic.backend(), traffic.canary(), window);
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

    private static String fill(String template, String backend, String canary, long window) {
        return template.replace("{backend}", backend).replace("{canary}", canary).replace("{window}", Long.toString(window));
    }

    private static String describe(MetricResult r) {
        return switch (r) {
            case MetricResult.Unavailable u -> "metrics unavailable: " + u.detail() + " (" + u.query() + ")";
            case MetricResult.NoData n -> "no data: " + n.query();
            case MetricResult.Value v -> v.query() + " = " + v.value();
        };
    }
}
