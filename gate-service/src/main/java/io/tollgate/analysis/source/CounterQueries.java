package io.tollgate.analysis.source;

import io.tollgate.analysis.Metric;
import java.util.List;

/**
 * The raw-counter selectors of one metric for both sides. Each selector may match several series (status codes,
 * instances); a side's requests are the sum of the deltas of every series of {@code *Requests}, its bad requests those
 * of {@code *Bad}, or, with {@code badIsComplement}, requests minus those of {@code *Bad} (histogram buckets count the
 * requests not slower than their boundary).
 */
public record CounterQueries(Metric metric, String baselineRequests, String baselineBad, String canaryRequests,
                             String canaryBad, boolean badIsComplement) {
    /** HAProxy's exporter: responses per server and status class; every class is a request, {@code 5xx} an error. */
    public static final String HAPROXY_RESPONSES = "haproxy_server_http_responses_total{proxy=\"{backend}\",server=\"{server}\"}";
    public static final String HAPROXY_ERRORS = "haproxy_server_http_responses_total{proxy=\"{backend}\",server=\"{server}\",code=\"5xx\"}";
    /** An application histogram by version label: {@code {histogram}_count} and {@code {histogram}_bucket{le}}. */
    public static final String HISTOGRAM_COUNT = "{histogram}_count{{selector}{versionLabel}=\"{version}\"}";
    public static final String HISTOGRAM_BUCKET = "{histogram}_bucket{{selector}{versionLabel}=\"{version}\",le=\"{le}\"}";

    /** The distinct selectors, in order. */
    public List<String> queries() {
        return List.of(baselineRequests, baselineBad, canaryRequests, canaryBad).stream().distinct().toList();
    }

    /** Error ratio of two HAProxy servers of one backend (the baseline and the canary server). */
    public static CounterQueries haproxy(String backend, String baselineServer, String canaryServer) {
        return new CounterQueries(Metric.errors(),
                fillHaproxy(HAPROXY_RESPONSES, backend, baselineServer), fillHaproxy(HAPROXY_ERRORS, backend, baselineServer),
                fillHaproxy(HAPROXY_RESPONSES, backend, canaryServer), fillHaproxy(HAPROXY_ERRORS, backend, canaryServer), false);
    }

    /**
     * Share of requests slower than {@code le} (the bucket boundary exactly as the application writes it, e.g.
     * {@code "0.5"}) from an application histogram, baseline and canary told apart by {@code versionLabel}.
     *
     * @param selector further label matchers without braces, e.g. {@code service="checkout"}, or empty
     */
    public static CounterQueries histogram(String histogram, String selector, String versionLabel, String baselineVersion,
                                           String canaryVersion, String le) {
        if (!histogram.matches("[a-zA-Z_:][a-zA-Z0-9_:]*") || !versionLabel.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
            throw new IllegalArgumentException("histogram and versionLabel must be Prometheus names: " + histogram + ", " + versionLabel);
        }
        String sel = selector == null || selector.isBlank() ? "" : selector.strip() + ",";
        return new CounterQueries(Metric.slowerThan(Double.parseDouble(le)),
                fillHistogram(HISTOGRAM_COUNT, histogram, sel, versionLabel, baselineVersion, le),
                fillHistogram(HISTOGRAM_BUCKET, histogram, sel, versionLabel, baselineVersion, le),
                fillHistogram(HISTOGRAM_COUNT, histogram, sel, versionLabel, canaryVersion, le),
                fillHistogram(HISTOGRAM_BUCKET, histogram, sel, versionLabel, canaryVersion, le), true);
    }

    private static String fillHaproxy(String template, String backend, String server) {
        return template.replace("{backend}", escape(backend)).replace("{server}", escape(server));
    }

    private static String fillHistogram(String template, String histogram, String selector, String versionLabel, String version, String le) {
        return template.replace("{histogram}", histogram).replace("{selector}", selector).replace("{versionLabel}", versionLabel)
                .replace("{version}", escape(version)).replace("{le}", escape(le));
    }

    /** A PromQL string literal's content: backslashes and quotes escaped. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
