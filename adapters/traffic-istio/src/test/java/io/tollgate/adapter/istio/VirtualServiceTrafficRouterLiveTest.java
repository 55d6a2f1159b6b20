package io.tollgate.adapter.istio;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tollgate.adapter.AdapterProviders;
import io.tollgate.adapter.AdapterResult;
import io.tollgate.adapter.Observation;
import io.tollgate.adapter.TrafficAdapter;
import io.tollgate.adapter.TrafficRouter;
import io.tollgate.adapter.TrafficTarget;
import io.tollgate.testsupport.CallLatencies;
import io.tollgate.testsupport.KubeTestbed;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Against a real kube-apiserver and etcd with Istio's v1.32 VirtualService CRD (no istiod: its webhook would check
 * weights, so the adapter must). The adapter runs as a token-file user whose Role allows only get and patch on the
 * VirtualServices named in {@link #GRANTED}; the admin client edits them by hand.
 */
@Tag("live")
class VirtualServiceTrafficRouterLiveTest {
    static final List<String> GRANTED = List.of("app", "sums", "subsets", "timed");
    static final TrafficTarget APP = new TrafficTarget("app", "app-stable", "app-canary");
    static KubeTestbed bed;
    static TrafficRouter router;

    @BeforeAll
    static void start() {
        bed = KubeTestbed.create("istio", "networking.istio.io", "v1", "virtualservices", "VirtualService", GRANTED);
        router = router(Map.of("httpRoute", "primary"));
    }

    @AfterAll
    static void stop() {
        router.close();
    }

    static TrafficRouter router(Map<String, Object> extra) {
        return router(bed, extra);
    }

    /** A router in {@code bed}'s namespace as its narrow user, plus {@code extra} keys. */
    static TrafficRouter router(KubeTestbed bed, Map<String, Object> extra) {
        var section = new HashMap<String, Object>(Map.of("type", "istio", "kubeconfig", bed.kubeconfig().toString(),
                "namespace", bed.namespace()));
        section.putAll(extra);
        var adapter = AdapterProviders.installed().configure("adapters", Map.of("mesh", section)).get("mesh").adapter();
        return ((TrafficAdapter) adapter).create();
    }

    static void virtualService(String name, int stable, int canary) {
        virtualService(bed, name, stable, canary);
    }

    /** VirtualService {@code name} with http route primary: app-stable and app-canary weighted as given. */
    static void virtualService(KubeTestbed bed, String name, int stable, int canary) {
        bed.create("""
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: %s}
                spec:
                  hosts: [app.example.svc.cluster.local]
                  http:
                  - name: primary
                    route:
                    - destination: {host: app-stable, port: {number: 80}}
                      weight: %d
                    - destination: {host: app-canary, port: {number: 80}}
                      weight: %d
                """.formatted(name, stable, canary));
    }

    static List<Long> weights(String name) {
        GenericKubernetesResource r = bed.resource(name).get();
        List<Map<String, Object>> route = r.get("spec", "http", 0, "route");
        return route.stream().map(d -> d.get("weight") instanceof Number n ? n.longValue() : -1L).toList();
    }

    static void handEdit(String name, String patch) {
        bed.resource(name).patch(PatchContext.of(PatchType.JSON), patch);
    }

    @Test
    void apply_observe_reset_round_trip_through_the_api_server() {
        virtualService("app", 95, 5);
        assertThat(router.observe(APP)).isInstanceOfSatisfying(Observation.Observed.class, o -> assertThat(o.percent()).isEqualTo(5));
        assertThat(router.apply(APP, 25)).isInstanceOfSatisfying(AdapterResult.Applied.class,
                a -> assertThat(a.detail()).contains("VirtualService " + bed.namespace() + "/app", "stable 75, canary 25", "generation 2"));
        assertThat(weights("app")).containsExactly(75L, 25L);
        assertThat(router.observe(APP)).isInstanceOfSatisfying(Observation.Observed.class, o -> {
            assertThat(o.percent()).isEqualTo(25);
            assertThat(o.detail()).contains("Istio reports no per-route status");
        });
        assertThat(router.apply(APP, 25)).isInstanceOfSatisfying(AdapterResult.Applied.class, a -> assertThat(a.detail()).endsWith("unchanged"));
        assertThat(bed.resource("app").get().getMetadata().getGeneration()).isEqualTo(2L);
        assertThat(router.apply(APP, 101)).isInstanceOf(AdapterResult.NotSupported.class);
        assertThat(router.apply(APP, -1)).isInstanceOf(AdapterResult.NotSupported.class);
        assertThat(router.reset(APP)).isInstanceOf(AdapterResult.Applied.class);
        assertThat(weights("app")).containsExactly(100L, 0L);
    }

    @Test
    void weights_the_crd_accepts_but_istio_would_refuse_cannot_be_verified_and_a_hand_edit_is_seen() {
        virtualService("sums", 100, 0);
        var target = new TrafficTarget("sums", "app-stable", "app-canary");
        handEdit("sums", "[{\"op\":\"replace\",\"path\":\"/spec/http/0/route/0/weight\",\"value\":60},"
                + "{\"op\":\"replace\",\"path\":\"/spec/http/0/route/1/weight\",\"value\":40}]");
        assertThat(router.observe(target)).isInstanceOfSatisfying(Observation.Observed.class, o -> assertThat(o.percent()).isEqualTo(40));
        handEdit("sums", "[{\"op\":\"replace\",\"path\":\"/spec/http/0/route/1/weight\",\"value\":50}]");
        assertThat(router.observe(target)).isInstanceOfSatisfying(Observation.CannotVerify.class,
                c -> assertThat(c.reason()).contains("they sum to 110, Istio requires 100"));
        handEdit("sums", "[{\"op\":\"replace\",\"path\":\"/spec/http/0/route/0/weight\",\"value\":150},"
                + "{\"op\":\"replace\",\"path\":\"/spec/http/0/route/1/weight\",\"value\":-50}]");
        assertThat(weights("sums")).containsExactly(150L, -50L); // the CRD schema took it
        assertThat(router.observe(target)).isInstanceOfSatisfying(Observation.CannotVerify.class,
                c -> assertThat(c.reason()).contains("a weight outside 0..100"));
        assertThat(router.apply(target, 10)).isInstanceOf(AdapterResult.Applied.class);
        assertThat(weights("sums")).containsExactly(90L, 10L);
    }

    @Test
    void subsets_of_one_host_are_named_host_slash_subset_and_a_lone_destination_counts_100() {
        bed.create("""
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: subsets}
                spec:
                  hosts: [reviews]
                  http:
                  - route:
                    - destination: {host: reviews, subset: v1}
                """);
        var target = new TrafficTarget("subsets", "reviews/v1", "reviews/v2");
        var unnamed = router(Map.of());
        assertThat(unnamed.apply(target, 10)).isInstanceOfSatisfying(AdapterResult.NotSupported.class,
                n -> assertThat(n.detail()).contains("no destination 'reviews/v2' (it has [reviews/v1])"));
        handEdit("subsets", "[{\"op\":\"add\",\"path\":\"/spec/http/0/route/-\",\"value\":{\"destination\":{\"host\":\"reviews\",\"subset\":\"v2\"},\"weight\":0}}]");
        assertThat(unnamed.observe(target)).isInstanceOfSatisfying(Observation.CannotVerify.class,
                c -> assertThat(c.reason()).contains("weights stable 0, canary 0"));
        assertThat(unnamed.apply(target, 10)).isInstanceOf(AdapterResult.Applied.class);
        assertThat(weights("subsets")).containsExactly(90L, 10L);
        assertThat(unnamed.observe(target)).isInstanceOfSatisfying(Observation.Observed.class, o -> assertThat(o.percent()).isEqualTo(10));
        unnamed.close();
    }

    @Test
    void a_virtual_service_outside_the_role_is_forbidden_and_not_retried() {
        bed.create("""
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: other-team}
                spec:
                  hosts: [other]
                  http:
                  - route:
                    - {destination: {host: app-stable}, weight: 100}
                    - {destination: {host: app-canary}, weight: 0}
                """);
        var target = new TrafficTarget("other-team", "app-stable", "app-canary");
        assertThat(router.apply(target, 50)).isInstanceOfSatisfying(AdapterResult.Failed.class, f -> {
            assertThat(f.retryable()).isFalse();
            assertThat(f.detail()).contains("HTTP 403", bed.user().name());
        });
        assertThat(router.observe(target)).isInstanceOfSatisfying(Observation.CannotVerify.class, c -> assertThat(c.reason()).contains("HTTP 403"));
        assertThat(bed.resource("other-team").get().getMetadata().getGeneration()).isEqualTo(1L);
    }

    @Test
    void two_hundred_applies_and_observes_each_answer_in_milliseconds() {
        virtualService("timed", 100, 0);
        var target = new TrafficTarget("timed", "app-stable", "app-canary");
        var apply = new CallLatencies("apply (GET + PATCH)");
        var observe = new CallLatencies("observe (GET)");
        for (int i = 0; i < 200; i++) {
            int p = 1 + i % 99;
            assertThat(apply.time(() -> router.apply(target, p))).isInstanceOf(AdapterResult.Applied.class);
            assertThat(observe.time(() -> router.observe(target))).isInstanceOfSatisfying(Observation.Observed.class,
                    o -> assertThat(o.percent()).isEqualTo(p));
        }
        System.out.println("VirtualService adapter latencies (local kube-apiserver v1.37.2 + etcd 3.6, TLS, token auth, RBAC): "
                + apply.summary() + "; " + observe.summary());
        assertThat(apply.quantileMillis(0.5)).isLessThan(1_000);
    }
}
