package io.tollgate.slo;

import static io.tollgate.support.Requests.aCheck;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tollgate.support.Eventually;
import io.tollgate.support.Ports;
import io.tollgate.support.TestTollgate;
import io.tollgate.testsupport.CounterTarget;
import io.tollgate.testsupport.PrometheusFixture;
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
import org.junit.jupiter.api.Test;

/**
 * Every panel query of every dashboard in dashboards/ runs against a real Prometheus that scrapes a
 * real Tollgate (and the SLI target): each must succeed and return data.
 */
class DashboardQueriesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> VARIABLES = Map.of(
            "$__rate_interval", "30s", "$__interval", "15s", "$__range", "5m", "${datasource}", "", "$slo", ".*", "$environment", ".*");
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void every_panel_query_returns_data_from_a_prometheus_scraping_tollgate() throws IOException {
        Map<String, String> queries = panelQueries();
        assertThat(queries).as("dashboards/ has panel queries").isNotEmpty();
        int tollgatePort = Ports.free();
        try (var target = CounterTarget.start("search", 100, 0.002);
             var prometheus = PrometheusFixture.builder().scrapeTargets(target.hostPort(), "127.0.0.1:" + tollgatePort)
                     .scrapeInterval(Duration.ofSeconds(1)).start();
             var tollgate = TestTollgate.builder().freshDatabase("dashboards").realClock().port(tollgatePort)
                     .slos(Ports.resourceDir("slo-e2e/flip"), prometheus.url()).start()) {
            prometheus.awaitFirstScrape("127.0.0.1:" + tollgatePort, Duration.ofSeconds(30));
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
