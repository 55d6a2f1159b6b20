package io.tollgate.adapter.istio;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.adapter.AdapterProviders;
import io.tollgate.adapter.CanaryQueries;
import io.tollgate.adapter.Side;
import io.tollgate.adapter.TrafficAdapter;
import io.tollgate.adapter.TrafficTarget;
import io.tollgate.testsupport.PrometheusFixture;
import io.tollgate.testsupport.TextExporter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The default Istio selectors against a real Prometheus scraping series named and labelled as Istio's sidecars export
 * them (both reporters, several response codes, the same workload names in another namespace), with exact counts.
 */
@Tag("live")
class IstioMetricsPrometheusTest {
    static final String EXPOSITION = """
            # TYPE istio_requests_total counter
            istio_requests_total{reporter="destination",destination_workload_namespace="shop",destination_workload="app-stable",response_code="200"} 990
            istio_requests_total{reporter="destination",destination_workload_namespace="shop",destination_workload="app-stable",response_code="503"} 10
            istio_requests_total{reporter="destination",destination_workload_namespace="shop",destination_workload="app-canary",response_code="200"} 180
            istio_requests_total{reporter="destination",destination_workload_namespace="shop",destination_workload="app-canary",response_code="404"} 5
            istio_requests_total{reporter="destination",destination_workload_namespace="shop",destination_workload="app-canary",response_code="500"} 15
            istio_requests_total{reporter="source",destination_workload_namespace="shop",destination_workload="app-canary",response_code="500"} 15
            istio_requests_total{reporter="destination",destination_workload_namespace="other",destination_workload="app-canary",response_code="500"} 999
            # TYPE istio_request_duration_milliseconds histogram
            istio_request_duration_milliseconds_bucket{reporter="destination",destination_workload_namespace="shop",destination_workload="app-canary",le="100"} 120
            istio_request_duration_milliseconds_bucket{reporter="destination",destination_workload_namespace="shop",destination_workload="app-canary",le="500"} 190
            istio_request_duration_milliseconds_bucket{reporter="destination",destination_workload_namespace="shop",destination_workload="app-canary",le="+Inf"} 200
            istio_request_duration_milliseconds_sum{reporter="destination",destination_workload_namespace="shop",destination_workload="app-canary"} 31000
            istio_request_duration_milliseconds_count{reporter="destination",destination_workload_namespace="shop",destination_workload="app-canary"} 200
            """;

    @Test
    void the_default_selectors_count_each_side_of_the_adapters_namespace_only() {
        var adapter = (TrafficAdapter) AdapterProviders.installed().configure("adapters", Map.of("mesh",
                Map.of("type", "istio", "inCluster", true, "namespace", "shop"))).get("mesh").adapter();
        CanaryQueries q = adapter.queries();
        var target = new TrafficTarget("app", "app-stable", "app-canary");
        try (var exporter = TextExporter.start(EXPOSITION); var prometheus = PrometheusFixture.start(exporter.hostPort())) {
            prometheus.awaitFirstScrape(exporter.hostPort(), Duration.ofSeconds(30));
            var stable = q.counters(target, Side.STABLE).orElseThrow();
            var canary = q.counters(target, Side.CANARY).orElseThrow();
            assertThat(prometheus.queryValue("sum(" + stable.requests() + ")")).hasValue(1000);
            assertThat(prometheus.queryValue("sum(" + stable.errors() + ")")).hasValue(10);
            assertThat(prometheus.queryValue("sum(" + canary.requests() + ")")).hasValue(200);
            assertThat(prometheus.queryValue("sum(" + canary.errors() + ")")).hasValue(15);
            var latency = q.latency(target, Side.CANARY, 0.5).orElseThrow();
            assertThat(prometheus.queryValue("sum(" + latency.count() + ")")).hasValue(200);
            assertThat(prometheus.queryValue("sum(" + latency.notSlower() + ")")).hasValue(190);
        }
    }
}
