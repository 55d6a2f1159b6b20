package io.tollgate.adapter.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.adapter.MetricResult;
import io.tollgate.adapter.SeriesResult;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Answer shapes from the Prometheus HTTP API documentation, including ones a live server rarely gives. */
class QueryAnswersTest {
    private static final String URL = "http://p:9090/api/v1/query";
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    private static MetricResult parse(int status, String body) {
        return QueryAnswers.parse("q", URL, AT, status, body);
    }

    @Test
    void reads_a_one_sample_vector_with_its_evaluation_time() {
        var r = parse(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
                + "[{\"metric\":{},\"value\":[1435781451.781,\"0.5\"]}]}}");

        assertThat(r).isEqualTo(new MetricResult.Value("q", 0.5, Instant.ofEpochMilli(1435781451781L)));
    }

    @Test
    void reads_an_empty_vector_as_no_data_at_the_asked_time() {
        assertThat(parse(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}"))
                .isEqualTo(new MetricResult.NoData("q", AT));
    }

    @Test
    void rejects_a_range_vector_and_a_string() {
        assertThat(parse(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}"))
                .isInstanceOfSatisfying(MetricResult.Unavailable.class, u -> assertThat(u.detail()).contains("matrix"));
        assertThat(parse(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[1,\"x\"]}}"))
                .isInstanceOfSatisfying(MetricResult.Unavailable.class, u -> assertThat(u.detail()).contains("'string'"));
    }

    @Test
    void maps_nan_to_no_data_and_infinity_to_unavailable() {
        assertThat(parse(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"NaN\"]}}"))
                .isInstanceOf(MetricResult.NoData.class);
        assertThat(parse(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"-Inf\"]}}"))
                .isInstanceOfSatisfying(MetricResult.Unavailable.class, u -> assertThat(u.detail()).contains("-Inf"));
    }

    @Test
    void keeps_error_type_and_message_of_an_error_answer() {
        assertThat(parse(422, "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"too many samples\"}"))
                .isInstanceOfSatisfying(MetricResult.Unavailable.class,
                        u -> assertThat(u.detail()).contains(URL, "HTTP 422", "execution", "too many samples"));
    }

    @Test
    void reads_every_series_with_its_labels_for_counter_deltas() {
        var r = QueryAnswers.parseSeries("q", URL, AT, 200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                + "{\"metric\":{\"__name__\":\"c_total\",\"code\":\"2xx\"},\"value\":[1,\"1200\"]},"
                + "{\"metric\":{\"__name__\":\"c_total\",\"code\":\"5xx\"},\"value\":[1,\"12\"]},"
                + "{\"metric\":{\"code\":\"x\"},\"value\":[1,\"NaN\"]}]}}");

        assertThat(r).isEqualTo(new SeriesResult.Samples("q", java.util.List.of(
                new SeriesResult.Sample(java.util.Map.of("__name__", "c_total", "code", "2xx"), 1200),
                new SeriesResult.Sample(java.util.Map.of("__name__", "c_total", "code", "5xx"), 12)), AT));
        assertThat(QueryAnswers.parseSeries("q", URL, AT, 200, "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"2\"]}}"))
                .isInstanceOfSatisfying(SeriesResult.Unavailable.class, u -> assertThat(u.detail()).contains("'scalar'"));
        assertThat(QueryAnswers.parseSeries("q", URL, AT, 503, "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out\"}"))
                .isInstanceOfSatisfying(SeriesResult.Unavailable.class, u -> assertThat(u.detail()).contains("HTTP 503", "timed out"));
    }
}
