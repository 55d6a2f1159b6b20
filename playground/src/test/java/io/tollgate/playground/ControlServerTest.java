package io.tollgate.playground;

import io.tollgate.testsupport.Eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tollgate.testsupport.BackendPair;
import io.tollgate.testsupport.HaproxyFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The control API against a real HAProxy in front of two real backends (the demo's own parts, without Unleash). */
@Tag("live")
class ControlServerTest {
    private static final String SERVICE = "checkout";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static BackendPair pair;
    private static HaproxyFixture haproxy;
    private static LoadGenerator load;
    private static ControlServer control;

    @BeforeAll
    static void start() {
        pair = BackendPair.start();
        haproxy = HaproxyFixture.start(SERVICE, pair);
        load = LoadGenerator.start(haproxy.frontendUrl(SERVICE), 0);
        control = new ControlServer(Map.of("stable", pair.stable(), "canary", pair.canary()), haproxy, SERVICE, load);
    }

    @AfterAll
    static void stop() {
        control.close();
        load.close();
        haproxy.close();
        pair.close();
    }

    @BeforeEach
    void reset() throws Exception {
        load.setRate(0);
        pair.canary().setErrorRatio(0);
        pair.canary().setAddedLatency(Duration.ZERO);
        haproxy.runtime("set server " + SERVICE + "/" + HaproxyFixture.CANARY + " weight 50");
        haproxy.runtime("set server " + SERVICE + "/" + HaproxyFixture.STABLE + " weight 50");
    }

    @Test
    void a_canary_error_ratio_set_at_run_time_shows_in_haproxys_own_counts() throws Exception {
        JsonNode before = call("GET", "/traffic").body;
        var changed = call("POST", "/backends/canary?errorRatio=0.5&latencyMs=5");
        assertThat(changed.status).isEqualTo(200);
        assertThat(changed.body.path("errorRatio").asDouble()).isEqualTo(0.5);
        assertThat(changed.body.path("latencyMs").asLong()).isEqualTo(5);

        var answers = haproxy.send(SERVICE, 100);
        assertThat(answers).containsOnlyKeys(200, 500);

        JsonNode after = call("GET", "/traffic").body;
        // roundrobin at 50/50 splits exactly (±1 for where the rotation stood); the backend fails floor(n·r) ±1
        assertThat(delta(before, after, "canary", "responses") + delta(before, after, "stable", "responses")).isEqualTo(100);
        assertThat(delta(before, after, "canary", "responses")).isBetween(49L, 51L);
        assertThat(delta(before, after, "canary", "errors5xx")).isEqualTo(answers.get(500).longValue()).isBetween(23L, 26L);
        assertThat(delta(before, after, "stable", "errors5xx")).isZero();
        assertThat(after.path("canary").path("weight").asInt()).isEqualTo(50);
        assertThat(after.path("canary").path("status").asText()).isEqualTo("UP");
    }

    @Test
    void the_load_generator_sends_through_haproxy_at_the_rate_set() throws Exception {
        long before = pair.requests();
        assertThat(call("POST", "/load?rps=50").status).isEqualTo(200);
        long start = System.nanoTime();
        Eventually.await("50 requests through HAProxy", Duration.ofSeconds(15), Duration.ofMillis(50),
                pair::requests, n -> n >= before + 50);
        long took = (System.nanoTime() - start) / 1_000_000;
        assertThat(pair.requests()).as("50 requests at 50 rps").isGreaterThanOrEqualTo(before + 50);
        assertThat(took).as("50 requests at 50 rps take about a second").isBetween(700L, 10_000L);
        assertThat(call("GET", "/").body.path("load").path("rps").asInt()).isEqualTo(50);
    }

    @Test
    void bad_input_is_answered_400_naming_the_field() throws Exception {
        assertError(call("POST", "/backends/canary?errorRatio=1.5"), 400, "errorRatio");
        assertError(call("POST", "/backends/canary?errorRatio=lots"), 400, "errorRatio");
        assertError(call("POST", "/backends/canary?errorRatio=0.5&latencyMs=-1"), 400, "latencyMs");
        assertError(call("POST", "/backends/canary"), 400, "errorRatio");
        assertError(call("POST", "/backends/v151?errorRatio=0"), 404, "backend");
        assertError(call("POST", "/load?rps=5000"), 400, "rps");
        assertError(call("POST", "/load?rps=2.5"), 400, "rps");
        // nothing was half-applied by the rejected change with a good errorRatio and a bad latencyMs
        assertThat(call("GET", "/").body.path("backends").path("canary").path("errorRatio").asDouble()).isZero();
    }

    @Test
    void show_stat_without_its_header_is_refused_by_name() {
        assertThatThrownBy(() -> HaproxyStats.parse("Unknown command\n", SERVICE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no '# pxname");
    }

    private record Answer(int status, JsonNode body) {
    }

    private static Answer call(String method, String path) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(control.url() + path)).timeout(Duration.ofSeconds(5))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }

    private static void assertError(Answer a, int status, String field) {
        assertThat(a.status).as(a.body.toString()).isEqualTo(status);
        assertThat(a.body.path("field").asText()).as(a.body.toString()).isEqualTo(field);
        assertThat(a.body.path("message").asText()).isNotBlank();
    }

    private static long delta(JsonNode before, JsonNode after, String server, String counter) {
        return after.path(server).path(counter).asLong() - before.path(server).path(counter).asLong();
    }
}
