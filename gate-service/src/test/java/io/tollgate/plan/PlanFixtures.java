package io.tollgate.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.ReleaseWiring;
import io.tollgate.json.Json;
import io.tollgate.release.AdapterRegistry;
import io.tollgate.release.FakeCanaryHealth;
import io.tollgate.release.FakeFlagRollout;
import io.tollgate.release.FakeTrafficRouter;
import io.tollgate.release.FastBurn;
import io.tollgate.release.ReleaseConfig;
import io.tollgate.release.StageRules;
import io.tollgate.support.ApiClient;
import io.tollgate.support.TestTollgate;
import io.tollgate.testsupport.Eventually;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builders for plan requests, and the release engine wired with in-memory adapters and a burn the test sets. */
final class PlanFixtures {
    private PlanFixtures() {
    }

    /** 100 ms looks, 2 attempts per adapter call, 300 ms adapter deadline (as the release tests). */
    static ReleaseConfig fastConfig() {
        return new ReleaseConfig(Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(300),
                2, Duration.ofMillis(20), 0.20, 50, Map.of("standard-canary", StageRules.parse(List.of(
                        Map.of("name", "canary-1", "trafficPercent", 1, "flagPercent", 1, "bake", "300ms"),
                        Map.of("name", "full", "trafficPercent", 100, "flagPercent", 100)))));
    }

    static ReleaseWiring wiring(FakeFlagRollout flags, FakeTrafficRouter traffic, FastBurn burn) {
        var adapters = new AdapterRegistry().flags(FakeFlagRollout.TYPE, () -> flags).traffic(FakeTrafficRouter.TYPE, () -> traffic);
        return new ReleaseWiring(fastConfig(), adapters, new FakeCanaryHealth(), Duration.ofMillis(50), burn);
    }

    /** A plan of {@code environment} with the given releases. */
    static ObjectNode aPlan(String name, String environment, ObjectNode... releases) {
        var body = Json.mapper().createObjectNode().put("name", name).put("environment", environment);
        ArrayNode list = body.putArray("releases");
        for (var r : releases) {
            list.add(r);
        }
        return body;
    }

    /** A release of {@code service} (key = service) through canary-1, canary-5, canary-25 baking {@code bake} each, then full. */
    static ObjectNode entry(String service, String bake, String... dependsOn) {
        return entry(service, stages(bake, "canary-1", 1, "canary-5", 5, "canary-25", 25), dependsOn);
    }

    /** A release whose stages jump from canary-1 straight to full: the policy's max_stage_jump denies full (gate_denied). */
    static ObjectNode deniedEntry(String service, String... dependsOn) {
        return entry(service, stages("200ms", "canary-1", 1), dependsOn);
    }

    static ObjectNode entry(String service, ArrayNode stages, String... dependsOn) {
        var e = Json.mapper().createObjectNode().put("key", service).put("service", service).put("version", "1.5.0");
        var change = e.putObject("change");
        change.put("commit", "9f2c1e7").put("pipeline", "build-900").put("author", "dana");
        change.putArray("approvals").add("lee");
        e.putObject("strategy").set("stages", stages);
        e.putObject("flag").put("provider", FakeFlagRollout.TYPE).put("feature", service + "-v150").put("environment", "production");
        e.putObject("traffic").put("provider", FakeTrafficRouter.TYPE).put("route", service).put("stable", "v149").put("canary", "v150");
        var deps = e.putArray("dependsOn");
        for (String d : dependsOn) {
            deps.add(d);
        }
        return e;
    }

    /** Canary stages (name, percent pairs), each baking {@code bake}, then full. */
    static ArrayNode stages(String bake, Object... namesAndPercents) {
        var list = Json.mapper().createArrayNode();
        for (int i = 0; i < namesAndPercents.length; i += 2) {
            int p = (Integer) namesAndPercents[i + 1];
            list.addObject().put("name", (String) namesAndPercents[i]).put("trafficPercent", p).put("flagPercent", p).put("bake", bake);
        }
        list.addObject().put("name", "full").put("trafficPercent", 100).put("flagPercent", 100);
        return list;
    }

    static ApiClient.Answer create(TestTollgate t, ObjectNode body) {
        return create(t, TestTollgate.CI_TOKEN, body, Map.of());
    }

    static ApiClient.Answer create(TestTollgate t, String token, ObjectNode body, Map<String, String> headers) {
        var all = new java.util.HashMap<>(headers);
        all.put("Content-Type", "application/json");
        return t.api().post("/v1/release-plans", token, body.toString(), all);
    }

    static String startPlan(TestTollgate t, ObjectNode body) {
        var created = create(t, body);
        if (created.status() != 201) {
            throw new AssertionError("plan not created: " + created.text());
        }
        return created.json().path("id").asText();
    }

    static ApiClient.Answer get(TestTollgate t, String id) {
        return t.api().get("/v1/release-plans/" + id, TestTollgate.VIEWER_TOKEN);
    }

    static ApiClient.Answer control(TestTollgate t, String token, String id, String action, String reason) {
        return t.api().post("/v1/release-plans/" + id + "/" + action, token, Json.mapper().createObjectNode().put("reason", reason).toString(),
                Map.of("Content-Type", "application/json"));
    }

    static JsonNode awaitState(TestTollgate t, String id, String state, Duration deadline) {
        return Eventually.await("plan " + id + " " + state, deadline, () -> get(t, id),
                a -> a.status() == 200 && state.equals(a.json().path("state").asText())).json();
    }

    static JsonNode release(JsonNode plan, String key) {
        for (var r : plan.path("releases")) {
            if (r.path("key").asText().equals(key)) {
                return r;
            }
        }
        throw new AssertionError("no release " + key + " in " + plan);
    }

    /** The plan's history lines whose {@code event} is {@code event}. */
    static List<JsonNode> events(JsonNode plan, String event) {
        var out = new ArrayList<JsonNode>();
        plan.path("history").forEach(l -> {
            if (l.path("event").asText().equals(event)) {
                out.add(l);
            }
        });
        return out;
    }

    /** Backends in the order the traffic adapter reset them. */
    static List<String> resetOrder(FakeTrafficRouter traffic) {
        return traffic.calls("reset").stream().map(FakeTrafficRouter.Call::backend).toList();
    }
}
