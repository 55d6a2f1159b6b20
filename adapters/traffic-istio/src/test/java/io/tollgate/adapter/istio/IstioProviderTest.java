package io.tollgate.adapter.istio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tollgate.adapter.AdapterProviders;
import io.tollgate.adapter.CanaryQueries;
import io.tollgate.adapter.Side;
import io.tollgate.adapter.TrafficTarget;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IstioProviderTest {
    static final TrafficTarget TARGET = new TrafficTarget("app", "app-stable", "app-canary");

    static IstioProvider.Instance bind(Map<String, ?> section) {
        var s = new HashMap<String, Object>(section);
        s.put("type", "istio");
        return (IstioProvider.Instance) AdapterProviders.installed().configure("adapters", Map.of("mesh", s)).get("mesh").adapter();
    }

    @Test
    void is_found_on_the_class_path_and_needs_the_namespace() {
        assertThat(AdapterProviders.installed().types()).contains("istio");
        assertThat(bind(Map.of("inCluster", true, "namespace", "shop", "httpRoute", "primary")).config().httpRoute()).isEqualTo("primary");
        assertThatThrownBy(() -> bind(Map.of("inCluster", true)))
                .hasMessageStartingWith("adapters.mesh.namespace: required");
        assertThatThrownBy(() -> bind(Map.of("inCluster", true, "namespace", "shop", "rule", "x")))
                .hasMessageStartingWith("adapters.mesh.rule: unknown key");
    }

    @Test
    void reads_istiods_reconciled_status_only_when_asked() {
        assertThat(bind(Map.of("inCluster", true, "namespace", "shop")).config().requireReconciled()).isFalse();
        var asked = bind(Map.of("inCluster", true, "namespace", "shop", "requireReconciled", true, "reconcileTimeout", "45s")).config();
        assertThat(asked.requireReconciled()).isTrue();
        assertThat(asked.reconcileTimeout()).isEqualTo(java.time.Duration.ofSeconds(45));
        assertThatThrownBy(() -> bind(Map.of("inCluster", true, "namespace", "shop", "reconcileTimeout", "45s")))
                .hasMessage("adapters.mesh.reconcileTimeout: only with requireReconciled: true (nothing is waited for without it)");
    }

    @Test
    void reads_istio_standard_metrics_of_the_destination_workload_by_default() {
        CanaryQueries q = bind(Map.of("inCluster", true, "namespace", "shop")).queries();
        assertThat(q.counters(TARGET, Side.CANARY).orElseThrow()).isEqualTo(new CanaryQueries.SideCounters(
                "istio_requests_total{reporter=\"destination\",destination_workload_namespace=\"shop\",destination_workload=\"app-canary\"}",
                "istio_requests_total{reporter=\"destination\",destination_workload_namespace=\"shop\",destination_workload=\"app-canary\",response_code=~\"5..\"}"));
        var latency = q.latency(TARGET, Side.STABLE, 0.5).orElseThrow();
        assertThat(latency.count()).isEqualTo("istio_request_duration_milliseconds_count{reporter=\"destination\","
                + "destination_workload_namespace=\"shop\",destination_workload=\"app-stable\"}");
        assertThat(latency.notSlower()).endsWith("destination_workload=\"app-stable\",le=\"500\"}");
    }

    @Test
    void a_metrics_section_replaces_single_templates() {
        CanaryQueries q = bind(Map.of("inCluster", true, "namespace", "shop", "metrics", Map.of(
                "requests", "istio_requests_total{reporter=\"source\",destination_service_name=\"{destination}\"}",
                "errors", "istio_requests_total{reporter=\"source\",destination_service_name=\"{destination}\",response_code=~\"5..\"}")))
                .queries();
        assertThat(q.counters(TARGET, Side.STABLE).orElseThrow().requests())
                .isEqualTo("istio_requests_total{reporter=\"source\",destination_service_name=\"app-stable\"}");
        assertThat(q.latency(TARGET, Side.STABLE, 1).orElseThrow().notSlower()).endsWith("le=\"1000\"}");
    }
}
