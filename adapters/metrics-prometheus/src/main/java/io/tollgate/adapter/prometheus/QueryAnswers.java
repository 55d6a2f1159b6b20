package io.tollgate.adapter.prometheus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tollgate.adapter.MetricResult;
import io.tollgate.adapter.SeriesResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Turns one {@code /api/v1/query} HTTP answer into a {@link MetricResult}.
 *
 * <p>Success shapes: {@code {"status":"success","data":{"resultType":"vector","result":[{"metric":{…},
 * "value":[<unix seconds>,"<number>"]}]}}} or {@code "resultType":"scalar","result":[<t>,"<number>"]}.
 * Errors: {@code {"status":"error","errorType":"bad_data","error":"…"}} with HTTP 400 (bad parameters,
 * PromQL syntax), 422 (cannot execute) or 503 (timeout, canceled).
 *
 * <p>Non-finite values: {@code NaN} becomes {@link MetricResult.NoData}, because in an SLI ratio it means
 * 0/0, i.e. no traffic in the window. {@code +Inf}/{@code -Inf} become {@link MetricResult.Unavailable}:
 * x/0 with x &gt; 0 is a broken query (errors counted, requests not), and an infinite burn rate must not
 * reach the arithmetic of the gate as if it were a measurement.
 */
final class QueryAnswers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private QueryAnswers() {
    }

    /** {@code evaluatedAt} is the time asked for (or the request time for "latest"); it dates a NoData answer. */
    static MetricResult parse(String query, String url, Instant evaluatedAt, int httpStatus, String body) {
        var envelope = Envelope.of(url, httpStatus, body);
        if (envelope.problem() != null) {
            return new MetricResult.Unavailable(query, envelope.problem());
        }
        JsonNode data = envelope.data();
        JsonNode result = data.path("result");
        return switch (data.path("resultType").asText()) {
            case "scalar" -> sample(query, url, result);
            case "vector" -> switch (result.size()) {
                case 0 -> new MetricResult.NoData(query, evaluatedAt);
                case 1 -> sample(query, url, result.get(0).path("value"));
                default -> new MetricResult.Unavailable(query, "query returned " + result.size()
                        + " series; expected 1 (aggregate it, e.g. with sum(...)); from " + url);
            };
            case "matrix" -> new MetricResult.Unavailable(query,
                    "query returned a range vector (matrix); expected an instant vector or scalar; from " + url);
            default -> new MetricResult.Unavailable(query, "query returned resultType '"
                    + data.path("resultType").asText() + "'; expected vector or scalar; from " + url);
        };
    }

    /**
     * Every series of an instant vector answer, labels included; NaN samples are left out (a counter is never NaN), an
     * infinite one, a scalar or a matrix makes it Unavailable.
     */
    static SeriesResult parseSeries(String query, String url, Instant evaluatedAt, int httpStatus, String body) {
        var envelope = Envelope.of(url, httpStatus, body);
        if (envelope.problem() != null) {
            return new SeriesResult.Unavailable(query, envelope.problem());
        }
        JsonNode data = envelope.data();
        if (!"vector".equals(data.path("resultType").asText())) {
            return new SeriesResult.Unavailable(query, "query returned resultType '" + data.path("resultType").asText()
                    + "'; expected an instant vector of series; from " + url);
        }
        var samples = new ArrayList<SeriesResult.Sample>();
        for (JsonNode series : data.path("result")) {
            var labels = new LinkedHashMap<String, String>();
            series.path("metric").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
            var value = sample(query, url, series.path("value"));
            switch (value) {
                case MetricResult.Value v -> samples.add(new SeriesResult.Sample(labels, v.value()));
                case MetricResult.NoData n -> { }
                case MetricResult.Unavailable u -> {
                    return new SeriesResult.Unavailable(query, u.detail() + " (series " + labels + ")");
                }
            }
        }
        return new SeriesResult.Samples(query, samples, evaluatedAt);
    }

    /** The {@code data} of a success answer, or why there is none (not Prometheus JSON, an HTTP or API error). */
    private record Envelope(JsonNode data, String problem) {
        static Envelope of(String url, int httpStatus, String body) {
            JsonNode root;
            try {
                root = JSON.readTree(body);
            } catch (JsonProcessingException e) {
                root = null;
            }
            if (root == null || !root.isObject()) {
                return new Envelope(null, "GET " + url + " answered HTTP " + httpStatus
                        + " with a body that is not Prometheus JSON: " + abbreviate(body));
            }
            if (!"success".equals(root.path("status").asText()) || httpStatus / 100 != 2) {
                return new Envelope(null, "GET " + url + " answered HTTP " + httpStatus + " "
                        + root.path("errorType").asText("(no errorType)") + ": " + root.path("error").asText("(no error message)"));
            }
            return new Envelope(root.path("data"), null);
        }
    }

    /** {@code [<unix seconds>, "<number as string>"]}. */
    private static MetricResult sample(String query, String url, JsonNode pair) {
        if (!pair.isArray() || pair.size() != 2) {
            return new MetricResult.Unavailable(query, "malformed sample " + pair + " from " + url);
        }
        Instant at = seconds(pair.get(0).decimalValue());
        String text = pair.get(1).asText();
        double value;
        try {
            value = Double.parseDouble(text.replace("Inf", "Infinity").replace("+", ""));
        } catch (NumberFormatException e) {
            return new MetricResult.Unavailable(query, "sample value '" + text + "' is not a number; from " + url);
        }
        if (Double.isNaN(value)) {
            return new MetricResult.NoData(query, at);
        }
        if (Double.isInfinite(value)) {
            return new MetricResult.Unavailable(query, "query returned " + text
                    + " (division by zero?); expected a finite number; from " + url);
        }
        return new MetricResult.Value(query, value, at);
    }

    private static Instant seconds(BigDecimal unixSeconds) {
        BigDecimal millis = unixSeconds.movePointRight(3);
        return Instant.ofEpochMilli(millis.longValue());
    }

    static String abbreviate(String text) {
        String oneLine = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
    }
}
