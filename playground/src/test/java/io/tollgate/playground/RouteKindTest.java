package io.tollgate.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteKindTest {

    @Test
    void an_httproute_rule_gives_its_backend_weights_and_a_missing_weight_counts_one() {
        Map<String, Object> spec = Map.of("rules", List.of(
                Map.of("name", "other", "backendRefs", List.of(Map.of("name", "app-stable", "weight", 7))),
                Map.of("name", "main", "backendRefs", List.of(Map.of("name", "app-stable", "weight", 75),
                        Map.of("name", "app-canary")))));
        assertThat(RouteKind.HTTP_ROUTE.weights(spec, "main", "app-stable", "app-canary")).containsExactly(75, 1);
    }

    @Test
    void a_virtualservice_route_gives_its_destination_weights_with_istios_defaults() {
        Map<String, Object> split = Map.of("http", List.of(Map.of("name", "primary", "route", List.of(
                Map.of("destination", Map.of("host", "p-stable"), "weight", 80),
                Map.of("destination", Map.of("host", "p-canary"), "weight", 20)))));
        assertThat(RouteKind.VIRTUAL_SERVICE.weights(split, "primary", "p-stable", "p-canary")).containsExactly(80, 20);
        Map<String, Object> lone = Map.of("http", List.of(Map.of("name", "primary", "route", List.of(
                Map.of("destination", Map.of("host", "p-stable"))))));
        assertThat(RouteKind.VIRTUAL_SERVICE.weights(lone, "primary", "p-stable", "p-canary")).containsExactly(100, 0);
    }

    @Test
    void a_missing_rule_is_an_error_naming_it() {
        assertThatThrownBy(() -> RouteKind.HTTP_ROUTE.weights(Map.of("rules", List.of()), "main", "a", "b"))
                .hasMessageContaining("'main'");
    }

    @Test
    void the_exported_series_carry_the_labels_the_adapters_templates_select() {
        var stats = new SideStats(FollowedRoute.BOUNDS);
        stats.record(200, 20_000_000);
        stats.record(500, 300_000_000);
        stats.record(0, 1_000_000);
        var counts = new StringBuilder();
        stats.renderCounts(counts, "istio_requests_total", "response_code", "destination_workload=\"p-canary\"");
        assertThat(counts.toString()).contains("istio_requests_total{destination_workload=\"p-canary\",response_code=\"200\"} 1\n",
                "response_code=\"500\"} 1\n", "response_code=\"503\"} 1\n");
        assertThat(stats.errors5xx()).isEqualTo(2);
        var histogram = new StringBuilder();
        stats.renderHistogram(histogram, "istio_request_duration_milliseconds", 1000, "w=\"x\"");
        assertThat(histogram.toString()).contains("_bucket{w=\"x\",le=\"25\"} 2\n", "_bucket{w=\"x\",le=\"500\"} 3\n",
                "_bucket{w=\"x\",le=\"2500\"} 3\n", "_count{w=\"x\"} 3\n");
    }
}
