package io.tollgate.adapter.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tollgate.adapter.AdapterResult;
import io.tollgate.adapter.TrafficTarget;
import io.tollgate.testsupport.KubeTestbed;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * A concurrent edit between the adapter's GET and its PATCH, on a real API server (an HTTPRoute, read through the test shape
 * {@link BackendRefs}): the guarded patch is refused, nothing is written, the edit survives, and the answer is a
 * retryable failure; an edit elsewhere in the route does not get in the way.
 */
@Tag("live")
class RouteWeightsRaceLiveTest {
    static final RouteWeights.Kind KIND = new RouteWeights.Kind("gateway.networking.k8s.io", "v1", "httproutes", "HTTPRoute", BackendRefs.SHAPE);
    static final TrafficTarget RACE = new TrafficTarget("race", "app-stable", "app-canary");

    @Test
    void a_concurrent_edit_of_the_rule_fails_the_patch_and_survives_an_edit_elsewhere_does_not() {
        var bed = KubeTestbed.create("race", "gateway.networking.k8s.io", "v1", "httproutes", "HTTPRoute", List.of("race"));
        bed.create("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: race}
                spec:
                  hostnames: [a.example.com]
                  rules:
                  - backendRefs:
                    - {name: app-stable, port: 80, weight: 95}
                    - {name: app-canary, port: 80, weight: 5}
                """);
        var access = new KubernetesAccess(bed.kubeconfig(), null, null, null, bed.namespace(), Duration.ofSeconds(5));
        Runnable handEdit = () -> bed.resource("race").patch(PatchContext.of(PatchType.JSON),
                "[{\"op\":\"replace\",\"path\":\"/spec/rules/0/backendRefs/1/weight\",\"value\":50}]");
        try (var racing = new RouteWeights(access, KIND, null, handEdit)) {
            assertThat(racing.applyPercent(RACE, 25)).isInstanceOfSatisfying(AdapterResult.Failed.class, f -> {
                assertThat(f.retryable()).isTrue();
                assertThat(f.detail()).contains("changed between read and patch (a concurrent edit); nothing was written", "HTTP 422");
            });
        }
        assertThat(weights(bed)).containsExactly(95L, 50L);

        Runnable elsewhere = () -> bed.resource("race").patch(PatchContext.of(PatchType.JSON),
                "[{\"op\":\"replace\",\"path\":\"/spec/hostnames/0\",\"value\":\"b.example.com\"}]");
        try (var racing = new RouteWeights(access, KIND, null, elsewhere)) {
            assertThat(racing.applyPercent(RACE, 25)).isInstanceOf(AdapterResult.Applied.class);
        }
        assertThat(weights(bed)).containsExactly(75L, 25L);
        assertThat(bed.resource("race").get().<String>get("spec", "hostnames", 0)).isEqualTo("b.example.com");
    }

    static List<Long> weights(KubeTestbed bed) {
        GenericKubernetesResource r = bed.resource("race").get();
        List<Map<String, Object>> refs = r.get("spec", "rules", 0, "backendRefs");
        return refs.stream().map(ref -> ((Number) ref.get("weight")).longValue()).toList();
    }
}
