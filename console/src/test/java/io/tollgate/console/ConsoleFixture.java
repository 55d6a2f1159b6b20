package io.tollgate.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.ReleaseWiring;
import io.tollgate.json.Json;
import io.tollgate.release.AdapterRegistry;
import io.tollgate.release.AnalysisCounters;
import io.tollgate.release.FakeCanaryHealth;
import io.tollgate.release.FakeFlagRollout;
import io.tollgate.release.FakeHaproxySeries;
import io.tollgate.release.FakeTrafficRouter;
import io.tollgate.release.ReleaseConfig;
import io.tollgate.support.HaproxyCanary;
import io.tollgate.support.TestDatabases;
import io.tollgate.support.TestTollgate;
import io.tollgate.testsupport.Eventually;
import io.tollgate.testsupport.PostgresFixture;
import java.time.Duration;
import java.util.Map;

/**
 * A real Tollgate (real PostgreSQL, real policy) whose releases drive the release tests' fake adapters, with the canary's
 * counters from {@link FakeHaproxySeries} read through the real counter reader, as {@code ReleaseAnalysisFlowTest} does:
 * the test decides how healthy the canary looks, the service does everything else. Owns the browser it opens.
 */
final class ConsoleFixture implements AutoCloseable {
    final FakeFlagRollout flags = new FakeFlagRollout();
    final FakeTrafficRouter traffic = new FakeTrafficRouter();
    final FakeHaproxySeries series = new FakeHaproxySeries();
    final PostgresFixture.Database database = PostgresFixture.newDatabase("console");
    final TestTollgate tollgate;
    private Browser browser;

    ConsoleFixture() {
        // Looks every 100 ms; a held gate is asked again every 100 ms and times out after 20 s.
        var config = new ReleaseConfig(Duration.ofSeconds(20), Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(300),
                2, Duration.ofMillis(20), 0.20, 50, Map.of());
        var adapters = new AdapterRegistry().flags(FakeFlagRollout.TYPE, () -> flags)
                .traffic(FakeTrafficRouter.TYPE, () -> traffic, HaproxyCanary.queries());
        tollgate = TestTollgate.builder().database(TestDatabases.withRoles(database, 4))
                .releases(new ReleaseWiring(config, adapters, new FakeCanaryHealth(), Duration.ofMillis(50), null,
                        AnalysisCounters.of(series)))
                .start();
    }

    /**
     * A production release of {@code service} 1.5.0: canary-1 and canary-25 baking {@code bake}, then full; with
     * {@code analysed} a canary analysis every 200 ms that is never extended.
     */
    static ObjectNode release(String service, String bake, boolean analysed) {
        var body = Json.mapper().createObjectNode();
        body.put("service", service).put("version", "1.5.0").put("environment", "production");
        body.putObject("change").put("commit", "9f2c1e7").put("pipeline", "build-900").put("author", "dana").putArray("approvals").add("lee");
        var strategy = body.putObject("strategy");
        var stages = strategy.putArray("stages");
        stages.addObject().put("name", "canary-1").put("trafficPercent", 1).put("flagPercent", 1).put("bake", bake);
        stages.addObject().put("name", "canary-25").put("trafficPercent", 25).put("flagPercent", 25).put("bake", bake);
        stages.addObject().put("name", "full").put("trafficPercent", 100).put("flagPercent", 100);
        if (analysed) {
            strategy.putObject("analysis").put("interval", "200ms").put("maxExtension", "0s");
        }
        body.putObject("flag").put("provider", FakeFlagRollout.TYPE).put("feature", service + "-v150").put("environment", "production");
        body.putObject("traffic").put("provider", FakeTrafficRouter.TYPE).put("route", service).put("stable", "v149").put("canary", "v150");
        return body;
    }

    /** Starts a release through the API (as CI would) and returns its id. */
    String start(ObjectNode body) {
        var created = tollgate.api().post("/v1/releases", TestTollgate.CI_TOKEN, body.toString(), Map.of("Content-Type", "application/json"));
        if (created.status() != 201) {
            throw new AssertionError("release not created: " + created.status() + " " + created.text());
        }
        return created.json().path("id").asText();
    }

    JsonNode get(String id) {
        return tollgate.api().get("/v1/releases/" + id, TestTollgate.VIEWER_TOKEN).json();
    }

    JsonNode awaitState(String id, String state, Duration timeout) {
        return Eventually.await("release " + id + " " + state, timeout, () -> get(id), r -> state.equals(r.path("state").asText()));
    }

    /** Chromium on this Tollgate's address; closed with the fixture. */
    Browser openBrowser() {
        browser = Browser.open(tollgate.baseUrl());
        return browser;
    }

    @Override
    public void close() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            tollgate.close();
        }
    }
}
