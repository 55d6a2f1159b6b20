package io.tollgate.adapter.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.adapter.AdapterResult;
import io.tollgate.adapter.TrafficTarget;
import io.tollgate.testsupport.BackendPair;
import io.tollgate.testsupport.HaproxyFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What releases read to judge the canary: HAProxy's exporter counts responses per server and status class;
 * the backends' own metrics carry requests by version and code and the latency histogram.
 */
@Tag("live")
class HaproxyExporterTest {

    @Test
    void exporter_counts_responses_per_server_and_code_class() throws Exception {
        try (var backends = BackendPair.start(); var haproxy = HaproxyFixture.start("checkout", backends)) {
            var router = new HaproxyTrafficRouter(HaproxyConfig.defaults(haproxy.host(), haproxy.runtimePort()));
            var target = new TrafficTarget("checkout", HaproxyFixture.STABLE, HaproxyFixture.CANARY);
            assertThat(router.apply(target, 20)).isInstanceOf(AdapterResult.Applied.class);
            backends.canary().setErrorRatio(0.25);

            Map<Integer, Integer> statuses = haproxy.send("checkout", 500);

            // the split is exact per cycle of W requests but starts wherever roundrobin stood: compare HAProxy's
            // counts with what each backend itself counted
            long canary = backends.canary().requests();
            long canaryErrors = backends.canary().errors();
            System.out.println("exporter test: statuses " + statuses + ", canary " + canary + " (" + canaryErrors + " errors)");
            assertThat(canary).isBetween(98L, 102L);
            assertThat(statuses).containsOnlyKeys(200, 500).containsEntry(500, (int) canaryErrors);
            assertThat(canaryErrors).isBetween(canary / 4 - 1, canary / 4 + 1);
            String metrics = get(haproxy.exporterUrl());
            assertThat(sample(metrics, "haproxy_server_http_responses_total", "checkout", "canary", "2xx"))
                    .isEqualTo(canary - canaryErrors);
            assertThat(sample(metrics, "haproxy_server_http_responses_total", "checkout", "canary", "5xx"))
                    .isEqualTo(canaryErrors);
            assertThat(sample(metrics, "haproxy_server_http_responses_total", "checkout", "stable", "2xx"))
                    .isEqualTo(backends.stable().requests());
            assertThat(sample(metrics, "haproxy_server_http_responses_total", "checkout", "stable", "5xx")).isZero();

            String canaryOwn = get(URI.create("http://" + backends.canary().hostPort() + "/metrics"));
            assertThat(canaryOwn).contains("http_requests_total{version=\"v150\",code=\"500\"} " + canaryErrors,
                    "http_requests_total{version=\"v150\",code=\"200\"} " + (canary - canaryErrors),
                    "http_request_duration_seconds_bucket{version=\"v150\",le=\"+Inf\"} " + canary,
                    "http_request_duration_seconds_count{version=\"v150\"} " + canary);
        }
    }

    static String get(URI url) throws Exception {
        try (var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            var response = client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(url.toString()).isEqualTo(200);
            return response.body();
        }
    }

    /** The value of {@code name{proxy,server,code}}, whatever the label order; -1 when absent. */
    static long sample(String text, String name, String proxy, String server, String code) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") && line.contains("proxy=\"" + proxy + "\"")
                    && line.contains("server=\"" + server + "\"") && line.contains("code=\"" + code + "\"")) {
                return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return -1;
    }
}
