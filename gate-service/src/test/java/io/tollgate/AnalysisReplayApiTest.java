package io.tollgate;

import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static io.tollgate.support.TestTollgate.RELEASE_MANAGER_TOKEN;
import static io.tollgate.support.TestTollgate.VIEWER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import io.tollgate.analysis.AnalysisSettings;
import io.tollgate.analysis.Look;
import io.tollgate.analysis.Metric;
import io.tollgate.analysis.SequentialTest;
import io.tollgate.auth.TokenAuthenticator;
import io.tollgate.config.AnalysisReplayConfig;
import io.tollgate.json.Json;
import io.tollgate.observability.GateMetrics;
import io.tollgate.support.TestTollgate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code POST /v1/analysis/replay} on the real routing (no database: a replay keeps no state). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalysisReplayApiTest {
    private static final String OK = "{\"baseline\":{\"requests\":1200,\"errors\":12},\"canary\":{\"requests\":130,\"errors\":2}}";
    private final HttpClient http = HttpClient.newHttpClient();
    private WebServer server;

    @BeforeAll
    void start() {
        var components = new Tollgate.Components(null, null, null, null, null,
                new TokenAuthenticator(TestTollgate.testTokens()), new GateMetrics(), 64 * 1024);
        server = WebServer.builder().host("127.0.0.1").port(0)
                .routing(routing -> Tollgate.routing(routing, components)).build().start();
    }

    @AfterAll
    void stop() {
        server.stop();
    }

    @Test
    void a_regression_fails_at_the_same_interval_as_the_test_itself_with_an_explanation() throws Exception {
        String regressed = "{\"baseline\":{\"requests\":1800,\"errors\":18},\"canary\":{\"requests\":200,\"errors\":5}}";
        var state = SequentialTest.start(Metric.errors(), AnalysisSettings.defaults());
        Integer expected = null;
        for (int i = 0; i < 60 && expected == null; i++) {
            state = state.look(Look.of(1800, 18, 200, 5)).state();
            expected = state.failedAtLook();
        }

        var answer = replay(VIEWER_TOKEN, "{\"alpha\":0.01,\"intervals\":[" + repeat(regressed, 60) + "]}");

        assertThat(answer.statusCode()).isEqualTo(200);
        var json = json(answer);
        assertThat(json.get("verdict").asText()).isEqualTo("fail");
        assertThat(json.get("failedAtInterval").asInt()).isEqualTo(expected).isGreaterThan(0);
        assertThat(json.get("looks")).hasSize(60);
        assertThat(json.get("looks").get(expected - 1).get("verdict").asText()).isEqualTo("inconclusive");
        assertThat(json.get("looks").get(expected).get("verdict").asText()).isEqualTo("fail");
        assertThat(json.get("looks").get(59).get("verdict").asText()).isEqualTo("fail");
        assertThat(json.get("looks").get(expected).get("statistic").asDouble()).isGreaterThanOrEqualTo(100);
        assertThat(json.get("explanation").asText()).startsWith("canary error ratio 2.5% vs baseline 1.0% (ratio 2.5, e-value ")
                .contains("≥ 1/α = 100)");
        assertThat(json.get("metrics").get(0).get("canary").get("errors").asLong()).isEqualTo(300);
    }

    @Test
    void a_healthy_canary_with_enough_data_passes_at_the_end_of_the_bake_and_is_inconclusive_before() throws Exception {
        String healthy = "{\"baseline\":{\"requests\":1000,\"errors\":50},\"canary\":{\"requests\":1000,\"errors\":50}}";

        var end = json(replay(RELEASE_MANAGER_TOKEN, "{\"intervals\":[" + repeat(healthy, 10) + "]}"));
        var during = json(replay(VIEWER_TOKEN, "{\"endOfBake\":false,\"intervals\":[" + repeat(healthy, 10) + "]}"));

        assertThat(end.get("verdict").asText()).isEqualTo("pass");
        assertThat(end.get("failedAtInterval").isNull()).isTrue();
        assertThat(end.get("metrics").get(0).get("upperBound").asDouble()).isEqualTo(1.331, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(during.get("verdict").asText()).isEqualTo("inconclusive");
    }

    @Test
    void zero_traffic_is_inconclusive() throws Exception {
        String idle = "{\"baseline\":{\"requests\":0,\"errors\":0},\"canary\":{\"requests\":0,\"errors\":0}}";

        var json = json(replay(VIEWER_TOKEN, "{\"intervals\":[" + repeat(idle, 100) + "]}"));

        assertThat(json.get("verdict").asText()).isEqualTo("inconclusive");
        assertThat(json.get("metrics").get(0).get("upperBound").isNull()).isTrue();
        assertThat(json.get("explanation").asText()).startsWith("no traffic yet");
    }

    @Test
    void histogram_buckets_add_latency_metrics_and_split_alpha() throws Exception {
        String slow = "{\"baseline\":{\"requests\":1000,\"errors\":10,\"buckets\":{\"0.25\":950,\"1\":990}},"
                + "\"canary\":{\"requests\":1000,\"errors\":10,\"buckets\":{\"0.25\":850,\"1\":985}}}";

        var json = json(replay(VIEWER_TOKEN, "{\"intervals\":[" + repeat(slow, 20) + "]}"));

        assertThat(json.get("verdict").asText()).isEqualTo("fail");
        assertThat(json.get("metrics")).extracting(m -> m.get("metric").asText()).containsExactly("errors", "slower_than_0.25s", "slower_than_1s");
        assertThat(json.get("metrics").get(1).get("verdict").asText()).isEqualTo("fail");
        assertThat(json.get("metrics").get(1).get("threshold").asDouble()).isEqualTo(300, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(json.get("metrics").get(1).get("canary").get("slow").asLong()).isEqualTo(3000);
        assertThat(json.get("explanation").asText()).startsWith("canary share slower than 0.25 s 15.0% vs baseline 5.0%");
    }

    @Test
    void a_ci_token_may_not_replay() throws Exception {
        var answer = replay(CI_TOKEN, "{\"intervals\":[" + OK + "]}");

        assertThat(answer.statusCode()).isEqualTo(403);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("negative requests", "{\"intervals\":[" + OK.replace("1200", "-1") + "]}", "intervals[0].baseline.requests"),
                Arguments.of("negative errors", "{\"intervals\":[" + OK + "," + OK.replace("\"errors\":2", "\"errors\":-2") + "]}", "intervals[1].canary.errors"),
                Arguments.of("errors above requests", "{\"intervals\":[" + OK.replace("\"errors\":2", "\"errors\":131") + "]}", "intervals[0].canary.errors"),
                Arguments.of("fractional count", "{\"intervals\":[" + OK.replace("130", "130.5") + "]}", "intervals[0].canary.requests"),
                Arguments.of("count as a string", "{\"intervals\":[" + OK.replace("1200", "\"1200\"") + "]}", "intervals[0].baseline.requests"),
                Arguments.of("count beyond a long", "{\"intervals\":[" + OK.replace("1200", "99999999999999999999") + "]}", "intervals[0].baseline.requests"),
                Arguments.of("missing canary", "{\"intervals\":[{\"baseline\":{\"requests\":1,\"errors\":0}}]}", "intervals[0].canary"),
                Arguments.of("missing errors", "{\"intervals\":[{\"baseline\":{\"requests\":1},\"canary\":{\"requests\":1,\"errors\":0}}]}", "intervals[0].baseline.errors"),
                Arguments.of("interval not an object", "{\"intervals\":[3]}", "intervals[0]"),
                Arguments.of("missing intervals", "{\"alpha\":0.01}", "intervals"),
                Arguments.of("intervals not an array", "{\"intervals\":{}}", "intervals"),
                Arguments.of("alpha zero", "{\"alpha\":0,\"intervals\":[]}", "alpha"),
                Arguments.of("alpha one", "{\"alpha\":1,\"intervals\":[]}", "alpha"),
                Arguments.of("alpha negative", "{\"alpha\":-0.1,\"intervals\":[]}", "alpha"),
                Arguments.of("alpha a string", "{\"alpha\":\"0.01\",\"intervals\":[]}", "alpha"),
                Arguments.of("unknown top field", "{\"alpah\":0.01,\"intervals\":[]}", "alpah"),
                Arguments.of("unknown side field", "{\"intervals\":[" + OK.replace("\"errors\":12", "\"errors\":12,\"eror\":1") + "]}", "intervals[0].baseline.eror"),
                Arguments.of("bucket above requests", "{\"intervals\":[" + OK.replace("\"errors\":2}", "\"errors\":2,\"buckets\":{\"0.5\":131}}")
                        .replace("\"errors\":12}", "\"errors\":12,\"buckets\":{\"0.5\":1}}") + "]}", "intervals[0].canary.buckets.0.5"),
                Arguments.of("different bucket layouts", "{\"intervals\":[" + OK.replace("\"errors\":12}", "\"errors\":12,\"buckets\":{\"0.5\":1}}") + "]}",
                        "intervals[0].canary.buckets"),
                Arguments.of("six bucket boundaries", "{\"intervals\":[" + OK.replace("\"errors\":12}", "\"errors\":12,\"buckets\":"
                        + "{\"0.1\":1,\"0.2\":1,\"0.3\":1,\"0.4\":1,\"0.5\":1,\"0.6\":1}}") + "]}", "intervals[0].baseline.buckets"),
                Arguments.of("bad bucket boundary", "{\"intervals\":[" + OK.replace("\"errors\":12}", "\"errors\":12,\"buckets\":{\"fast\":1}}") + "]}",
                        "intervals[0].baseline.buckets.fast"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalid_input_is_a_400_naming_the_field(String label, String body, String field) throws Exception {
        var answer = replay(VIEWER_TOKEN, body);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(json(answer).get("field").asText()).isEqualTo(field);
        assertThat(json(answer).get("message").asText()).isNotBlank();
    }

    @Test
    void more_intervals_than_analysis_replay_max_intervals_is_a_400_naming_intervals() throws Exception {
        String small = "{\"baseline\":{\"requests\":1,\"errors\":0},\"canary\":{\"requests\":1,\"errors\":0}}";

        var answer = replay(VIEWER_TOKEN, "{\"intervals\":[" + repeat(small, AnalysisReplayConfig.DEFAULT_MAX_INTERVALS + 1) + "]}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(json(answer).get("field").asText()).isEqualTo("intervals");
        assertThat(json(answer).get("message").asText()).contains("20000").contains("analysis.replay.maxIntervals");
    }

    @Test
    void a_body_over_analysis_replay_max_body_bytes_is_a_413() throws Exception {
        String small = "{\"baseline\":{\"requests\":1,\"errors\":0},\"canary\":{\"requests\":1,\"errors\":0}}";
        // About 14 MB, as in the finding: within the old 16 MiB limit, far above the 4 MiB default.
        String body = "{\"intervals\":[" + repeat(small, 190_000) + "]}";
        assertThat(body.length()).isGreaterThan(13_000_000);

        var answer = replay(VIEWER_TOKEN, body);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(413);
        assertThat(json(answer).get("code").asText()).isEqualTo("payload_too_large");
    }

    private static String repeat(String interval, int n) {
        return IntStream.range(0, n).mapToObj(i -> interval).collect(Collectors.joining(","));
    }

    private HttpResponse<String> replay(String token, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/analysis/replay"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> answer) throws Exception {
        return Json.mapper().readTree(answer.body());
    }
}
