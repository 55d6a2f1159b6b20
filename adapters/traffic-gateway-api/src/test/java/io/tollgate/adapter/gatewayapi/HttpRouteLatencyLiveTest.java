package io.tollgate.adapter.gatewayapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.adapter.AdapterProviders;
import io.tollgate.adapter.AdapterResult;
import io.tollgate.adapter.Observation;
import io.tollgate.adapter.TrafficAdapter;
import io.tollgate.adapter.TrafficTarget;
import io.tollgate.testsupport.CallLatencies;
import io.tollgate.testsupport.KubeTestbed;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** How long adapter calls take against the real API server (numbers in docs/adapters.md). */
@Tag("live")
class HttpRouteLatencyLiveTest {

    @Test
    void two_hundred_applies_and_observes_each_answer_in_milliseconds() {
        var bed = KubeTestbed.create("gw-latency", "gateway.networking.k8s.io", "v1", "httproutes", "HTTPRoute", List.of("timed"));
        bed.create("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: timed}
                spec:
                  rules:
                  - name: primary
                    backendRefs:
                    - {name: app-stable, port: 80, weight: 100}
                    - {name: app-canary, port: 80, weight: 0}
                """);
        var adapter = (TrafficAdapter) AdapterProviders.installed().configure("adapters", Map.of("edge", Map.of(
                "type", "gateway-api", "kubeconfig", bed.kubeconfig().toString(), "namespace", bed.namespace(),
                "requireAcceptance", false))).get("edge").adapter();
        var apply = new CallLatencies("apply (GET + PATCH)");
        var observe = new CallLatencies("observe (GET)");
        var target = new TrafficTarget("timed", "app-stable", "app-canary");
        try (var router = adapter.create()) {
            for (int i = 0; i < 200; i++) {
                int p = 1 + i % 99;
                assertThat(apply.time(() -> router.apply(target, p))).isInstanceOf(AdapterResult.Applied.class);
                assertThat(observe.time(() -> router.observe(target))).isInstanceOfSatisfying(Observation.Observed.class,
                        o -> assertThat(o.percent()).isEqualTo(p));
            }
        }
        System.out.println("HTTPRoute adapter latencies (local kube-apiserver v1.37.2 + etcd 3.6, TLS, token auth, RBAC): "
                + apply.summary() + "; " + observe.summary());
        assertThat(apply.quantileMillis(0.5)).isLessThan(1_000);
    }
}
