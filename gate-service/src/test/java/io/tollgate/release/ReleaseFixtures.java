package io.tollgate.release;

import io.tollgate.ReleaseWiring;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.Tollgate;
import io.tollgate.json.Json;
import io.tollgate.support.ApiClient;
import io.tollgate.testsupport.Eventually;
import io.tollgate.support.TestTollgate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builders for release requests and the release engine's wiring with fakes. */
final class ReleaseFixtures {
    static final String FEATURE = "checkout-v150";
    static final String BACKEND = "checkout";

    private ReleaseFixtures() {
    }

    /** Fast settings: 100 ms looks, 2 attempts per adapter call 20 ms apart, 300 ms adapter deadline. */
    static ReleaseConfig fastConfig() {
        return new ReleaseConfig(Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(300),
                2, Duration.ofMillis(20), 0.20, 50, Map.of("standard-canary", StageRules.parse(List.of(
                        Map.of("name", "canary-1", "trafficPercent", 1, "flagPercent", 1, "bake", "300ms"),
                        Map.of("name", "canary-25", "trafficPercent", 25, "flagPercent", 25, "bake", "300ms"),
                        Map.of("name", "full", "trafficPercent", 100, "flagPercent", 100)))));
    }

    static ReleaseWiring wiring(FakeFlagRollout flags, FakeTrafficRouter traffic, CanaryHealth canary) {
        return wiring(flags, traffic, canary, fastConfig());
    }

    static ReleaseWiring wiring(FakeFlagRollout flags, FakeTrafficRouter traffic, CanaryHealth canary, ReleaseConfig config) {
        return wiring(flags, traffic, canary, config, null);
    }

    static ReleaseWiring wiring(FakeFlagRollout flags, FakeTrafficRouter traffic, CanaryHealth canary, ReleaseConfig config,
                                         FastBurn fastBurn) {
        var adapters = new AdapterRegistry()
                .flags(FakeFlagRollout.TYPE, () -> flags)
                .traffic(FakeTrafficRouter.TYPE, () -> traffic);
        return new ReleaseWiring(config, adapters, canary, Duration.ofMillis(50), fastBurn);
    }

    /** A production release of {@code service} 1.5.0 (flag {@code <service>-v150}, backend {@code <service>}) with the given inline stages. */
    static ObjectNode aRelease(String service, ObjectNode... stages) {
        var body = Json.mapper().createObjectNode();
        body.put("service", service).put("version", "1.5.0").put("environment", "production");
        var change = body.putObject("change");
        change.put("commit", "9f2c1e7").put("pipeline", "build-900").put("author", "dana");
        change.putArray("approvals").add("lee");
        ArrayNode list = body.putObject("strategy").putArray("stages");
        for (var s : stages) {
            list.add(s);
        }
        body.putObject("flag").put("provider", FakeFlagRollout.TYPE).put("feature", service + "-v150").put("environment", "production");
        body.putObject("traffic").put("provider", FakeTrafficRouter.TYPE).put("route", service).put("stable", "v149").put("canary", "v150");
        return body;
    }

    static ObjectNode stage(String name, int traffic, int flag, String bake) {
        var s = Json.mapper().createObjectNode().put("name", name).put("trafficPercent", traffic).put("flagPercent", flag);
        if (bake != null) {
            s.put("bake", bake);
        }
        return s;
    }

    /** canary-1, canary-5, canary-25 baking {@code bake} each, then full. */
    static ObjectNode fourStages(String service, String bake) {
        return aRelease(service, stage("canary-1", 1, 1, bake), stage("canary-5", 5, 5, bake),
                stage("canary-25", 25, 25, bake), stage("full", 100, 100, null));
    }

    static ApiClient.Answer create(TestTollgate t, ObjectNode body) {
        return t.api().post("/v1/releases", TestTollgate.CI_TOKEN, body.toString(), Map.of("Content-Type", "application/json"));
    }

    static ApiClient.Answer get(TestTollgate t, String id) {
        return t.api().get("/v1/releases/" + id, TestTollgate.VIEWER_TOKEN);
    }

    static ApiClient.Answer control(TestTollgate t, String token, String id, String action, String reason) {
        return t.api().post("/v1/releases/" + id + "/" + action, token, Json.mapper().createObjectNode().put("reason", reason).toString(),
                Map.of("Content-Type", "application/json"));
    }

    /** The history lines of {@code kind} ({@code transition}, {@code gate}, {@code adapter}, {@code drift}, ...). */
    static List<JsonNode> lines(JsonNode release, String kind) {
        return history(release, "kind", kind);
    }

    /** The history lines whose {@code event} is {@code event}, any kind. */
    static List<JsonNode> events(JsonNode release, String event) {
        return history(release, "event", event);
    }

    private static List<JsonNode> history(JsonNode release, String field, String value) {
        var out = new ArrayList<JsonNode>();
        release.path("history").forEach(l -> {
            if (l.path(field).asText().equals(value)) {
                out.add(l);
            }
        });
        return out;
    }

    static ApiClient.Answer awaitState(TestTollgate t, String id, String state, Duration deadline) {
        return Eventually.await("release " + id + " " + state, deadline, () -> get(t, id),
                a -> a.status() == 200 && state.equals(a.json().path("state").asText()));
    }
}
