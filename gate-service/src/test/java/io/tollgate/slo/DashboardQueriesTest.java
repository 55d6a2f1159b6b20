package io.tollgate.slo;

import static io.tollgate.support.Requests.aCheck;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tollgate.config.AdaptersConfig;
import io.tollgate.config.ReleasesConfig;
import io.tollgate.testsupport.Eventually;
import io.tollgate.support.Ports;
import io.tollgate.support.TestTollgate;
import io.tollgate.testsupport.BackendPair;
import io.tollgate.testsupport.CounterTarget;
import io.tollgate.testsupport.HaproxyFixture;
import io.tollgate.testsupport.PrometheusFixture;
import io.tollgate.testsupport.UnleashFixture;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every panel query of every dashboard in dashboards/ runs against a real Prometheus that scrapes a
 * real Tollgate (and the SLI target): each must succeed and return data. The releases row needs a release that
 * moved something: Tollgate drives one through a real Unleash and a real HAProxy (promoted, then rolled back by a
 * release manager), so transitions, a rollback and adapter calls with their latencies are all scraped; the delivery row
 * has a deployment with a lead time, a failure and its recovery; the plans row needs a plan that compensated: one
 * staging plan whose release halts at a denied gate and is rolled back.
 */
@Tag("live")
class DashboardQueriesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVICE = "checkout";
    private static final Map<String, String> VARIABLES = Map.of(
            "$__rate_interval", "30s", "$__interval", "15s", "$__range", "5m", "${datasource}", "", "$slo", ".*", "$environment", ".*");
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void every_panel_query_returns_data_from_a_prometheus_scraping_tollgate() throws IOException {
        Map<String, String> queries = panelQueries();
        assertThat(queries).as("dashboards/ has panel queries").isNotEmpty();
        assertThat(queries.values()).as("the releases row's metrics").anyMatch(q -> q.contains("tollgate_release_transitions_total"))
                .anyMatch(q -> q.contains("tollgate_rollbacks_total")).anyMatch(q -> q.contains("tollgate_adapter_calls_total"))
                .anyMatch(q -> q.contains("tollgate_adapter_call_seconds_bucket"))
                .anyMatch(q -> q.contains("tollgate_release_plan_outcomes_total")).anyMatch(q -> q.contains("tollgate_release_plan_compensation_seconds_bucket"));
        assertThat(queries.values()).as("the delivery metrics row").anyMatch(q -> q.contains("tollgate_delivery_lead_time_seconds"))
                .anyMatch(q -> q.contains("tollgate_delivery_change_fail_ratio")).anyMatch(q -> q.contains("tollgate_delivery_recovery_time_seconds"))
                .anyMatch(q -> q.contains("tollgate_delivery_deployment_rework_ratio"))
                .anyMatch(q -> q.contains("tollgate_delivery_deployments_per_day"));
        int tollgatePort = Ports.free();
        var unleash = UnleashFixture.shared();
        try (var target = CounterTarget.start("search", 100, 0.002);
             var pair = BackendPair.start();
             var haproxy = HaproxyFixture.start(SERVICE, pair);
             var prometheus = PrometheusFixture.builder().scrapeTargets(target.hostPort(), "127.0.0.1:" + tollgatePort)
                     .scrapeInterval(Duration.ofSeconds(1)).start();
             var tollgate = TestTollgate.builder().freshDatabase("dashboards").realClock().port(tollgatePort)
                     .slos(Ports.resourceDir("slo-e2e/flip"), prometheus.url())
                     .adapters(AdaptersConfig.bind(Map.of(
                             "unleash", Map.of("adminUrl", unleash.baseUrl().toString(), "adminToken", unleash.adminToken()),
                             "haproxy", Map.of("host", haproxy.host(), "runtimePort", haproxy.runtimePort()))))
                     .releasesConfig(new ReleasesConfig(null, null, null, Duration.ofMillis(200), Duration.ofMillis(100),
                             Duration.ofSeconds(3), 2, Duration.ofMillis(100), 0.2, 50))
                     .configuredReleases().start()) {
            prometheus.awaitFirstScrape("127.0.0.1:" + tollgatePort, Duration.ofSeconds(30));
            // after the first scrape, so every release counter is seen rising inside the queries' windows
            promoteThenRollBack(tollgate);
            planRolledBack(tollgate);
            // The e-value gauge has series only while a release bake is analysed: stand in for one.
            tollgate.analysisMetrics().eValue(java.util.UUID.randomUUID(), "search", "errors", 3.5);
            Map<String, String> problems = Eventually.await("every panel query to return data", Duration.ofSeconds(90), () -> {
                tollgate.api().check(CI_TOKEN, aCheck().service("search").environment("staging").json());
                tollgate.api().check(CI_TOKEN, aCheck().approvals().json());
                var failing = new LinkedHashMap<String, String>();
                queries.forEach((panel, expr) -> {
                    String problem = problemOf(prometheus.url(), expr);
                    if (problem != null) {
                        failing.put(panel, problem);
                    }
                });
                return failing;
            }, Map::isEmpty);
            assertThat(problems).isEmpty();
        }
    }

    /** A staging release of {@value #SERVICE} (canary-5 and canary-25 baking 300 ms, then full) promoted, then rolled back by a release manager. */
    private static void promoteThenRollBack(TestTollgate tollgate) {
        var body = JSON.createObjectNode().put("service", SERVICE).put("version", "1.5.0").put("environment", "staging");
        body.putObject("change").put("commit", "9f2c1e7").put("pipeline", "build-900").put("author", "dana")
                .put("committedAt", java.time.Instant.now().minusSeconds(7200).toString()) // lead time for the delivery row
                .putArray("approvals").add("lee");
        var stages = body.putObject("strategy").putArray("stages");
        stages.addObject().put("name", "canary-5").put("trafficPercent", 5).put("flagPercent", 5).put("bake", "300ms");
        stages.addObject().put("name", "canary-25").put("trafficPercent", 25).put("flagPercent", 25).put("bake", "300ms");
        stages.addObject().put("name", "full").put("trafficPercent", 100).put("flagPercent", 100);
        body.putObject("flag").put("provider", "unleash").put("feature", "dashboard-" + System.nanoTime())
                .put("environment", UnleashFixture.ENVIRONMENT);
        body.putObject("traffic").put("provider", "haproxy").put("route", SERVICE)
                .put("stable", HaproxyFixture.STABLE).put("canary", HaproxyFixture.CANARY);
        var json = Map.of("Content-Type", "application/json");
        var created = tollgate.api().post("/v1/releases", CI_TOKEN, body.toString(), json);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.json().path("id").asText();
        awaitState(tollgate, id, "promoted");
        var rollback = tollgate.api().post("/v1/releases/" + id + "/rollback", TestTollgate.RELEASE_MANAGER_TOKEN,
                "{\"reason\":\"dashboard test\"}", json);
        assertThat(rollback.status()).as(rollback.text()).isEqualTo(200);
        awaitState(tollgate, id, "rolled_back");
    }

    /**
     * A staging plan of one release whose stages jump from canary-5 straight to full: the policy denies full, the release
     * halts, and the plan (on_failure rollback in staging) compensates it through HAProxy and Unleash.
     */
    private static void planRolledBack(TestTollgate tollgate) {
        var release = JSON.createObjectNode().put("key", SERVICE).put("service", SERVICE).put("version", "1.5.1");
        release.putObject("change").put("commit", "9f2c1e8").put("pipeline", "build-901").put("author", "dana").putArray("approvals").add("lee");
        var stages = release.putObject("strategy").putArray("stages");
        stages.addObject().put("name", "canary-5").put("trafficPercent", 5).put("flagPercent", 5).put("bake", "300ms");
        stages.addObject().put("name", "full").put("trafficPercent", 100).put("flagPercent", 100);
        release.putObject("flag").put("provider", "unleash").put("feature", "dashboard-plan-" + System.nanoTime())
                .put("environment", UnleashFixture.ENVIRONMENT);
        release.putObject("traffic").put("provider", "haproxy").put("route", SERVICE)
                .put("stable", HaproxyFixture.STABLE).put("canary", HaproxyFixture.CANARY);
        var plan = JSON.createObjectNode().put("name", "dashboard-plan").put("environment", "staging");
        plan.putArray("releases").add(release);
        var created = tollgate.api().post("/v1/release-plans", CI_TOKEN, plan.toString(), Map.of("Content-Type", "application/json"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.json().path("id").asText();
        Eventually.await("plan " + id + " rolled back", Duration.ofSeconds(60),
                () -> tollgate.api().get("/v1/release-plans/" + id, TestTollgate.RELEASE_MANAGER_TOKEN),
                a -> a.status() == 200 && "rolled_back".equals(a.json().path("state").asText()));
    }

    private static void awaitState(TestTollgate tollgate, String id, String state) {
        Eventually.await("release " + id + " " + state, Duration.ofSeconds(30),
                () -> tollgate.api().get("/v1/releases/" + id, TestTollgate.RELEASE_MANAGER_TOKEN),
                a -> a.status() == 200 && state.equals(a.json().path("state").asText()));
    }

    /** "dashboard / panel / refId" → expression with Grafana variables substituted. */
    private static Map<String, String> panelQueries() throws IOException {
        var out = new LinkedHashMap<String, String>();
        List<Path> files;
        try (Stream<Path> s = Files.list(Ports.repoRoot().resolve("dashboards"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        for (Path file : files) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            var panels = new ArrayList<JsonNode>();
            dashboard.get("panels").forEach(panels::add);
            for (JsonNode panel : panels) {
                for (JsonNode t : panel.path("targets")) {
                    String expr = t.path("expr").asText();
                    for (var v : VARIABLES.entrySet()) {
                        expr = expr.replace(v.getKey(), v.getValue());
                    }
                    out.put(file.getFileName() + " / " + panel.get("title").asText() + " / " + t.get("refId").asText(), expr);
                }
            }
        }
        return out;
    }

    /** Null when the query succeeds with at least one sample; otherwise what went wrong. */
    private String problemOf(URI prometheus, String expr) {
        try {
            var req = HttpRequest.newBuilder(URI.create(prometheus + "/api/v1/query?query="
                    + URLEncoder.encode(expr, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(5)).GET().build();
            JsonNode body = JSON.readTree(http.send(req, HttpResponse.BodyHandlers.ofString()).body());
            if (!"success".equals(body.path("status").asText())) {
                return "error: " + body.path("error").asText() + " in " + expr;
            }
            return body.path("data").path("result").isEmpty() ? "no data for " + expr : null;
        } catch (IOException e) {
            return "unreachable: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
