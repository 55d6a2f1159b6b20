package io.tollgate.release;

import io.tollgate.ReleaseWiring;
import static io.tollgate.release.ReleaseFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.Tollgate;
import io.tollgate.testsupport.Eventually;
import io.tollgate.support.HaproxyCanary;
import io.tollgate.support.TestTollgate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The canary analysis inside release bakes, on fake adapters and fake HAProxy counters read through the real
 * {@code CounterReader} (real policy, real database): a regression takes the policy's rollback path, an inconclusive
 * bake is extended and then held at the next gate until a skip-analysis override, unreadable metrics never roll back,
 * enough healthy data passes, and bad analysis blocks are 400s naming the field.
 */
class ReleaseAnalysisFlowTest {
    private final FakeFlagRollout flags = new FakeFlagRollout();
    private final FakeTrafficRouter traffic = new FakeTrafficRouter();
    private final FakeHaproxySeries series = new FakeHaproxySeries();
    private TestTollgate tollgate;

    @BeforeEach
    void start() {
        // Looks every 100 ms; a held gate is asked again every 100 ms..5 s and times out after 20 s.
        var config = new ReleaseConfig(Duration.ofSeconds(20), Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(300),
                2, Duration.ofMillis(20), 0.20, 50, Map.of());
        // The fake router stands in for HAProxy: its canary is read with the HAProxy adapter's counters (FakeHaproxySeries).
        var adapters = new AdapterRegistry().flags(FakeFlagRollout.TYPE, () -> flags)
                .traffic(FakeTrafficRouter.TYPE, () -> traffic, HaproxyCanary.queries());
        tollgate = TestTollgate.builder().freshDatabase("release_analysis")
                .releases(new ReleaseWiring(config, adapters, new FakeCanaryHealth(), Duration.ofMillis(50), null,
                        AnalysisCounters.of(series)))
                .start();
    }

    @AfterEach
    void stop() {
        tollgate.close();
    }

    /** canary-1 and canary-25 baking {@code bake}, then full; analysis every 200 ms, extension {@code extension}. */
    private static ObjectNode analysed(String service, String bake, String extension) {
        var body = aRelease(service, stage("canary-1", 1, 1, bake), stage("canary-25", 25, 25, bake), stage("full", 100, 100, null));
        ((ObjectNode) body.get("strategy")).putObject("analysis").put("interval", "200ms").put("maxExtension", extension);
        return body;
    }

    @Test
    void a_canary_with_three_times_the_baseline_error_rate_is_rolled_back_by_the_analysis_with_its_explanation() {
        series.perReading(1000, 20, 1000, 60);
        String id = create(tollgate, analysed("checkout", "30s", "0s")).json().path("id").asText();

        var done = awaitState(tollgate, id, "rolled_back", Duration.ofSeconds(20)).json();

        assertThat(done.path("reason").path("code").asText()).isEqualTo("analysis_failed");
        assertThat(done.path("reason").path("message").asText()).startsWith("canary error ratio 6.0% vs baseline 2.0% (ratio 3.0, e-value ")
                .contains("≥ 1/α = 100) after ");
        assertThat(done.path("analysis").path("verdict").asText()).isEqualTo("fail");
        assertThat(done.path("analysis").path("explanation").asText()).isEqualTo(done.path("reason").path("message").asText());
        var verdicts = events(done, "analysis_verdict").stream().map(l -> l.path("verdict").asText()).toList();
        assertThat(verdicts).endsWith("fail").doesNotHaveDuplicates();
        Eventually.await("traffic back to stable", Duration.ofSeconds(10), () -> traffic.percent("checkout"), p -> p == 0);

        var analysis = tollgate.api().get("/v1/releases/" + id + "/analysis", TestTollgate.VIEWER_TOKEN).json();
        assertThat(analysis.path("settings").path("interval").asText()).isEqualTo("200ms");
        assertThat(analysis.path("settings").path("metrics")).extracting(JsonNode::asText).containsExactly("errors");
        var bake = analysis.path("stages").get(0);
        assertThat(bake.path("stage").asText()).isEqualTo("canary-1");
        assertThat(bake.path("verdict").asText()).isEqualTo("fail");
        assertThat(bake.path("endedBy").asText()).isEqualTo("failure");
        var looks = bake.path("looks");
        assertThat(looks.get(looks.size() - 1).path("verdict").asText()).isEqualTo("fail");
        var first = looks.get(0).path("metrics").get(0);
        assertThat(first.path("look").path("baseline").path("requests").asLong()).isEqualTo(1000);
        assertThat(first.path("look").path("canary").path("bad").asLong()).isEqualTo(60);
        assertThat(looks.get(looks.size() - 1).path("metrics").get(0).path("eValue").asDouble()).isGreaterThanOrEqualTo(100);
        var audit = tollgate.api().get("/v1/audit/events?kind=analysis.verdict&subject=" + id, TestTollgate.ADMIN_TOKEN).json();
        assertThat(audit.path("items")).hasSize(verdicts.size());
        assertThat(tollgate.api().get("/metrics", TestTollgate.VIEWER_TOKEN).text())
                .contains("tollgate_analysis_verdicts_total{verdict=\"fail\"} 1.0")
                .doesNotContain("tollgate_analysis_e_value{");
    }

    @Test
    void an_inconclusive_bake_is_extended_then_held_with_insufficient_data_until_a_skip_analysis_override() {
        series.perReading(10, 0, 1, 0); // little traffic and no errors: nothing to learn from
        String id = create(tollgate, analysed("checkout", "1s", "1s")).json().path("id").asText();

        var held = Eventually.await("the canary-25 gate held", Duration.ofSeconds(20), () -> get(tollgate, id).json(),
                r -> "gating".equals(r.path("state").asText()) && "gate_held".equals(r.path("reason").path("code").asText()));

        assertThat(held.path("stage").asText()).isEqualTo("canary-25");
        assertThat(held.path("reason").path("message").asText()).contains("insufficient_data: canary analysis of canary-1 is inconclusive")
                .contains("analysis_not_passed: production requires a passed canary analysis");
        assertThat(events(held, "analysis_extended")).hasSize(1);
        var bake = lines(held, "transition").stream().filter(l -> l.path("event").asText().equals("bake_complete")).findFirst().orElseThrow();
        assertThat(bake.path("analysisVerdict").asText()).isEqualTo("inconclusive");
        assertThat(bake.path("bakedMillis").asLong()).isGreaterThanOrEqualTo(2000); // the bake and its extension
        assertThat(held.path("state").asText()).isNotEqualTo("rolled_back");

        var override = tollgate.api().post("/v1/overrides", TestTollgate.RELEASE_MANAGER_TOKEN, Json.skipAnalysis(id),
                Map.of("Content-Type", "application/json"));
        assertThat(override.status()).as(override.text()).isEqualTo(201);

        var done = awaitState(tollgate, id, "promoted", Duration.ofSeconds(30)).json();
        var gates = lines(done, "gate");
        assertThat(gates.getLast().path("outcome").asText()).isEqualTo("allow");
        assertThat(gates).extracting(g -> g.path("outcome").asText()).contains("hold");
    }

    @Test
    void a_release_managers_promote_ends_the_analysis_and_the_next_gate_sees_it_as_their_judgement() {
        series.perReading(10, 0, 1, 0);
        String id = create(tollgate, analysed("checkout", "60s", "0s")).json().path("id").asText();
        Eventually.await("release " + id + " analysing canary-1", Duration.ofSeconds(20), () -> get(tollgate, id).json(),
                r -> r.path("analysis").path("looks").asInt() >= 2);

        var promoted = control(tollgate, TestTollgate.RELEASE_MANAGER_TOKEN, id, "promote", "quiet service, dashboards checked");
        assertThat(promoted.status()).as(promoted.text()).isEqualTo(200);

        var baking = Eventually.await("canary-25 applied", Duration.ofSeconds(20), () -> get(tollgate, id).json(),
                r -> "canary-25".equals(r.path("appliedStage").asText()));
        assertThat(lines(baking, "gate").getLast().path("outcome").asText()).isEqualTo("allow");
        var first = tollgate.api().get("/v1/releases/" + id + "/analysis", TestTollgate.VIEWER_TOKEN).json().path("stages").get(0);
        assertThat(first.path("verdict").asText()).isEqualTo("inconclusive");
        assertThat(first.path("endedBy").asText()).startsWith("promote:");
    }

    @Test
    void unreadable_metrics_are_error_looks_never_a_rollback() {
        series.perReading(1000, 20, 1000, 600);
        series.unavailable("prometheus unreachable: connection refused");
        String id = create(tollgate, analysed("checkout", "1s", "0s").put("environment", "staging")).json().path("id").asText();

        var held = Eventually.await("the canary-25 gate held", Duration.ofSeconds(20), () -> get(tollgate, id).json(),
                r -> "gating".equals(r.path("state").asText()) && "gate_held".equals(r.path("reason").path("code").asText()));

        assertThat(held.path("reason").path("message").asText()).contains("insufficient_data");
        var looks = tollgate.api().get("/v1/releases/" + id + "/analysis", TestTollgate.VIEWER_TOKEN).json().path("stages").get(0).path("looks");
        assertThat(looks).isNotEmpty().allSatisfy(l -> assertThat(l.path("verdict").asText()).isEqualTo("error"));
        assertThat(looks.get(0).path("explanation").asText()).contains("not measured: metrics unavailable: prometheus unreachable");
        assertThat(events(held, "analysis_verdict")).extracting(l -> l.path("verdict").asText()).containsExactly("error", "inconclusive");
    }

    @Test
    void plenty_of_healthy_data_passes_and_production_goes_on() {
        series.perReading(10_000, 100, 10_000, 100);
        String id = create(tollgate, analysed("checkout", "1s", "0s")).json().path("id").asText();

        var done = awaitState(tollgate, id, "promoted", Duration.ofSeconds(20)).json();

        var results = tollgate.api().get("/v1/releases/" + id + "/analysis", TestTollgate.VIEWER_TOKEN).json().path("stages");
        assertThat(results).extracting(s -> s.path("verdict").asText()).containsExactly("pass", "pass");
        assertThat(results.get(0).path("explanation").asText()).contains("upper bound").contains("< 1.5 allowed");
        assertThat(lines(done, "gate")).allSatisfy(g -> assertThat(g.path("outcome").asText()).isEqualTo("allow"));
        assertThat(done.path("analysis").path("verdict").asText()).isEqualTo("pass");
    }

    @Test
    void a_bad_analysis_block_is_a_400_naming_the_field() throws Exception {
        var cases = List.of(
                List.of("alpha", "2", "strategy.analysis.alpha"),
                List.of("interval", "\"soon\"", "strategy.analysis.interval"),
                List.of("maxRatio", "0.9", "strategy.analysis.maxRatio"),
                List.of("warmup", "\"-1s\"", "strategy.analysis.warmup"),
                List.of("colour", "1", "strategy.analysis.colour"),
                List.of("latency", "{\"histogram\":\"http_seconds\",\"versionLabel\":\"version\",\"baselineVersion\":\"1.4.9\","
                        + "\"bucketsSeconds\":[\"0.5\",\"fast\"]}", "strategy.analysis.latency.bucketsSeconds[1]"),
                List.of("latency", "{\"histogram\":\"http seconds\"}", "strategy.analysis.latency.histogram"));
        for (var c : cases) {
            var body = analysed("checkout", "1s", "0s");
            ((ObjectNode) body.get("strategy").get("analysis")).set(c.get(0), io.tollgate.json.Json.mapper().readTree(c.get(1)));
            var answer = create(tollgate, body);
            assertThat(answer.status()).as(answer.text()).isEqualTo(400);
            assertThat(answer.json().path("field").asText()).as(c.toString()).isEqualTo(c.get(2));
        }
        var ok = analysed("checkout", "1s", "0s");
        ((ObjectNode) ok.get("strategy").get("analysis")).set("latency", io.tollgate.json.Json.mapper().readTree(
                "{\"histogram\":\"http_server_requests_seconds\",\"selector\":\"service=\\\"checkout\\\"\",\"versionLabel\":\"version\","
                        + "\"baselineVersion\":\"1.4.9\",\"bucketsSeconds\":[\"0.5\", 1.0]}"));
        var created = create(tollgate, ok.put("dryRun", true));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.json().path("id").asText();
        var settings = tollgate.api().get("/v1/releases/" + id + "/analysis", TestTollgate.VIEWER_TOKEN).json().path("settings");
        assertThat(settings.path("metrics")).extracting(JsonNode::asText).containsExactly("errors", "slower_than_0.5s", "slower_than_1s");
        assertThat(settings.path("latency").path("canaryVersion").isNull()).isTrue();
    }

    /** Request bodies. */
    static final class Json {
        static String skipAnalysis(String releaseId) {
            return "{\"scope\":{\"release\":\"" + releaseId + "\"},\"effect\":\"skip-analysis\",\"reason\":\"low traffic; dashboards checked\","
                    + "\"ticket\":\"REL-7\",\"expiresAt\":\"2026-11-24T18:00:00Z\"}";
        }
    }
}
