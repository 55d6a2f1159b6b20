package io.tollgate.adapter.gatewayapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tollgate.adapter.AdapterConfigException;
import io.tollgate.adapter.AdapterProviders;
import io.tollgate.adapter.CanaryQueries;
import io.tollgate.adapter.Side;
import io.tollgate.adapter.TrafficTarget;
import io.tollgate.adapter.kubernetes.KubernetesAccess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayApiProviderTest {

    static GatewayApiProvider.Instance bind(Map<String, ?> section) {
        var s = new HashMap<String, Object>(section);
        s.put("type", "gateway-api");
        return (GatewayApiProvider.Instance) AdapterProviders.installed().configure("adapters", Map.of("east", s)).get("east").adapter();
    }

    @Test
    void binds_kubeconfig_or_in_cluster_access_and_its_own_keys() {
        var kubeconfig = bind(Map.of("kubeconfig", "/etc/east.kubeconfig", "context", "prod", "namespace", "shop",
                "rule", "primary", "callTimeout", "2s"));
        assertThat(kubeconfig.config()).isEqualTo(new GatewayApiConfig(new KubernetesAccess(Path.of("/etc/east.kubeconfig"),
                "prod", null, null, "shop", Duration.ofSeconds(2)), "primary", true));
        assertThat(kubeconfig.queries()).isSameAs(CanaryQueries.NONE);
        var inCluster = bind(Map.of("inCluster", "true", "requireAcceptance", false)).config();
        assertThat(inCluster.access().serviceAccountDir()).isEqualTo(KubernetesAccess.IN_CLUSTER_DIR);
        assertThat(inCluster.access().callTimeout()).isEqualTo(KubernetesAccess.DEFAULT_CALL_TIMEOUT);
        assertThat(inCluster.requireAcceptance()).isFalse();
        assertThat(kubeconfig.config().acceptanceTimeout()).isEqualTo(GatewayApiConfig.DEFAULT_ACCEPTANCE_TIMEOUT);
        assertThat(bind(Map.of("kubeconfig", "/k", "acceptanceTimeout", "2m")).config().acceptanceTimeout())
                .isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void rejects_bad_sections_naming_the_key() {
        assertThatThrownBy(() -> bind(Map.of())).isInstanceOf(AdapterConfigException.class)
                .hasMessage("adapters.east.inCluster: set either kubeconfig (a file) or inCluster: true (the pod's ServiceAccount), not both or neither");
        assertThatThrownBy(() -> bind(Map.of("inCluster", true, "kubeconfig", "/k")))
                .hasMessageStartingWith("adapters.east.kubeconfig: set either kubeconfig");
        assertThatThrownBy(() -> bind(Map.of("kubeconfig", "/k", "apiServer", "https://10.0.0.1")))
                .hasMessage("adapters.east.apiServer: only with inCluster: true");
        assertThatThrownBy(() -> bind(Map.of("kubeconfig", "/k", "namespace", "Shop")))
                .hasMessageStartingWith("adapters.east.namespace: not a Kubernetes namespace name");
        assertThatThrownBy(() -> bind(Map.of("kubeconfig", "/k", "rule", "Primary Rule")))
                .hasMessageStartingWith("adapters.east.rule: not an HTTPRoute rule name");
        assertThatThrownBy(() -> bind(Map.of("kubeconfig", "/k", "requireAcceptance", false, "acceptanceTimeout", "5s")))
                .hasMessage("adapters.east.acceptanceTimeout: only with requireAcceptance: true (nothing is waited for without it)");
        assertThatThrownBy(() -> bind(Map.of("kubeconfig", "/k", "acceptanceTimeout", "soon")))
                .hasMessageStartingWith("adapters.east.acceptanceTimeout: ");
        assertThatThrownBy(() -> bind(Map.of("kubeconfig", "/k", "backend", "x")))
                .hasMessageStartingWith("adapters.east.backend: unknown key; known: acceptanceTimeout, apiServer, callTimeout, context");
        assertThatThrownBy(() -> bind(Map.of("kubeconfig", "/k", "metrics", Map.of("requests", "x_total{svc=\"{destination}\"}"))))
                .hasMessage("adapters.east.metrics.errors: required when requests is set");
        assertThatThrownBy(() -> bind(Map.of("kubeconfig", "/k", "metrics", Map.of("requests", "x_total", "errors", "y"))))
                .hasMessageStartingWith("adapters.east.metrics.requests: must contain {destination}");
        assertThatThrownBy(() -> bind(Map.of("kubeconfig", "/k", "metrics", Map.of("requests", "x{n=\"{namespace}\",d=\"{destination}\"}",
                "errors", "x{d=\"{destination}\"}")))).hasMessageStartingWith("adapters.east.metrics.requests: uses {namespace}");
    }

    @Test
    void metric_templates_are_filled_with_the_target_escaped() {
        var queries = bind(Map.of("kubeconfig", "/k", "namespace", "shop", "metrics", Map.of(
                "requests", "http_requests_total{namespace=\"{namespace}\",service=\"{destination}\"}",
                "errors", "http_requests_total{namespace=\"{namespace}\",service=\"{destination}\",code=~\"5..\"}",
                "latencyCount", "http_request_duration_seconds_count{service=\"{destination}\"}",
                "latencyBucket", "http_request_duration_seconds_bucket{service=\"{destination}\",le=\"{le}\"}"))).queries();
        var target = new TrafficTarget("web", "app-stable", "app\"canary");
        assertThat(queries.counters(target, Side.CANARY).orElseThrow()).isEqualTo(new CanaryQueries.SideCounters(
                "http_requests_total{namespace=\"shop\",service=\"app\\\"canary\"}",
                "http_requests_total{namespace=\"shop\",service=\"app\\\"canary\",code=~\"5..\"}"));
        assertThat(queries.latency(target, Side.STABLE, 0.25).orElseThrow().notSlower())
                .isEqualTo("http_request_duration_seconds_bucket{service=\"app-stable\",le=\"0.25\"}");
    }
}
