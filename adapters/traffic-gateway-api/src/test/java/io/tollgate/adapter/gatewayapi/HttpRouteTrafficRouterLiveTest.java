package io.tollgate.adapter.gatewayapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tollgate.adapter.AdapterProviders;
import io.tollgate.adapter.AdapterResult;
import io.tollgate.adapter.Observation;
import io.tollgate.adapter.TrafficAdapter;
import io.tollgate.adapter.TrafficRouter;
import io.tollgate.adapter.TrafficTarget;
import io.tollgate.adapter.kubernetes.WeightedSplit;
import io.tollgate.testsupport.KubeTestbed;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Against a real kube-apiserver and etcd with the Gateway API v1.6.3 CRDs. The adapter runs as a token-file user whose
 * Role allows only get and patch on the routes named in {@link #GRANTED}; the admin client plays the person who edits
 * routes by hand and, where a test needs one, the gateway controller that writes route status.
 */
@Tag("live")
class HttpRouteTrafficRouterLiveTest {
    static final List<String> GRANTED = List.of("web", "unchanged", "status", "drift", "race", "three", "weightless");
    static KubeTestbed bed;
    static TrafficRouter requiring;
    static TrafficRouter lenient;

    @BeforeAll
    static void start() {
        bed = KubeTestbed.create("gw", "gateway.networking.k8s.io", "v1", "httproutes", "HTTPRoute", GRANTED);
        requiring = router(Map.of());
        lenient = router(Map.of("requireAcceptance", false));
    }

    @AfterAll
    static void stop() {
        requiring.close();
        lenient.close();
    }

    static TrafficRouter router(Map<String, Object> extra) {
        return router(bed, extra);
    }

    /** A router for rule {@code primary} in {@code bed}'s namespace as its narrow user, plus {@code extra} keys. */
    static TrafficRouter router(KubeTestbed bed, Map<String, Object> extra) {
        var section = new HashMap<String, Object>(Map.of("type", "gateway-api", "kubeconfig", bed.kubeconfig().toString(),
                "namespace", bed.namespace(), "rule", "primary"));
        section.putAll(extra);
        var adapter = AdapterProviders.installed().configure("adapters", Map.of("edge", section)).get("edge").adapter();
        return ((TrafficAdapter) adapter).create();
    }

    static GenericKubernetesResource route(String name, int stable, int canary) {
        return route(bed, name, stable, canary);
    }

    /** HTTPRoute {@code name} with parent Gateway gw and rule primary: app-stable and app-canary weighted as given. */
    static GenericKubernetesResource route(KubeTestbed bed, String name, int stable, int canary) {
        return bed.create("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: %s}
                spec:
                  parentRefs: [{name: gw}]
                  rules:
                  - name: primary
                    backendRefs:
                    - {name: app-stable, port: 80, weight: %d}
                    - {name: app-canary, port: 80, weight: %d}
                """.formatted(name, stable, canary));
    }

    static TrafficTarget target(String name) {
        return new TrafficTarget(name, "app-stable", "app-canary");
    }

    static List<Long> weights(String name) {
        GenericKubernetesResource r = bed.resource(name).get();
        List<Map<String, Object>> refs = r.get("spec", "rules", 0, "backendRefs");
        return refs.stream().map(ref -> ((Number) ref.get("weight")).longValue()).toList();
    }

    @Test
    void apply_patches_the_weights_and_the_api_server_stores_them() {
        route("web", 95, 5);
        var applied = lenient.apply(target("web"), 25);
        assertThat(applied).isInstanceOfSatisfying(AdapterResult.Applied.class, a -> assertThat(a.detail())
                .contains("HTTPRoute " + bed.namespace() + "/web", "stable 75, canary 25", "generation 2"));
        assertThat(weights("web")).containsExactly(75L, 25L);
        assertThat(lenient.observe(target("web"))).isInstanceOfSatisfying(Observation.Observed.class,
                o -> assertThat(o.percent()).isEqualTo(25));
        assertThat(lenient.apply(target("web"), 100)).isInstanceOf(AdapterResult.Applied.class);
        assertThat(weights("web")).containsExactly(0L, 100L);
        assertThat(lenient.reset(target("web"))).isInstanceOf(AdapterResult.Applied.class);
        assertThat(weights("web")).containsExactly(100L, 0L);
    }

    @Test
    void applying_the_same_share_twice_writes_nothing_the_second_time() {
        route("unchanged", 95, 5);
        assertThat(lenient.apply(target("unchanged"), 10)).isInstanceOf(AdapterResult.Applied.class);
        long generation = bed.resource("unchanged").get().getMetadata().getGeneration();
        String version = bed.resource("unchanged").get().getMetadata().getResourceVersion();
        assertThat(lenient.apply(target("unchanged"), 10)).isInstanceOfSatisfying(AdapterResult.Applied.class,
                a -> assertThat(a.detail()).endsWith("unchanged"));
        assertThat(bed.resource("unchanged").get().getMetadata().getGeneration()).isEqualTo(generation);
        assertThat(bed.resource("unchanged").get().getMetadata().getResourceVersion()).isEqualTo(version);
    }

    @Test
    void observe_verifies_acceptance_only_from_status_for_the_current_generation() {
        route("status", 95, 5);
        assertThat(requiring.apply(target("status"), 20)).isInstanceOf(AdapterResult.Applied.class);
        // No gateway controller runs here: the weights are read, but that they are in effect is not verified (yet).
        assertThat(requiring.observe(target("status"))).isInstanceOfSatisfying(Observation.Pending.class,
                c -> assertThat(c.reason()).contains("stable 80, canary 20 (20%) in the spec", "no gateway controller"));

        long generation = bed.resource("status").get().getMetadata().getGeneration();
        writeStatus("status", generation, "True");
        assertThat(requiring.observe(target("status"))).isInstanceOfSatisfying(Observation.Observed.class, o -> {
            assertThat(o.percent()).isEqualTo(20);
            assertThat(o.detail()).contains("accepted by gw at generation " + generation);
        });

        assertThat(requiring.apply(target("status"), 40)).isInstanceOf(AdapterResult.Applied.class);
        assertThat(requiring.observe(target("status"))).isInstanceOfSatisfying(Observation.Pending.class,
                c -> assertThat(c.reason()).contains("is for generation " + generation, "not reconciled yet"));

        writeStatus("status", generation + 1, "False");
        assertThat(requiring.observe(target("status"))).isInstanceOfSatisfying(Observation.CannotVerify.class,
                c -> assertThat(c.reason()).contains("parent 'gw' Accepted=False (NotAllowedByListeners"));
    }

    @Test
    void a_hand_edited_weight_is_observed_as_it_is() {
        route("drift", 95, 5);
        assertThat(lenient.apply(target("drift"), 10)).isInstanceOf(AdapterResult.Applied.class);
        bed.resource("drift").patch(PatchContext.of(PatchType.JSON),
                "[{\"op\":\"replace\",\"path\":\"/spec/rules/0/backendRefs/1/weight\",\"value\":30},"
                        + "{\"op\":\"replace\",\"path\":\"/spec/rules/0/backendRefs/0/weight\",\"value\":70}]");
        assertThat(lenient.observe(target("drift"))).isInstanceOfSatisfying(Observation.Observed.class,
                o -> assertThat(o.percent()).isEqualTo(30));
        bed.resource("drift").patch(PatchContext.of(PatchType.JSON),
                "[{\"op\":\"replace\",\"path\":\"/spec/rules/0/backendRefs/1/weight\",\"value\":33}]");
        assertThat(lenient.observe(target("drift"))).isInstanceOfSatisfying(Observation.CannotVerify.class,
                c -> assertThat(c.reason()).contains("32.04% is not a whole percent"));
    }

    @Test
    void a_patch_built_from_a_stale_read_is_refused_and_the_concurrent_edit_survives() {
        route("race", 95, 5);
        Map<String, Object> spec = bed.resource("race").get().get("spec");
        var stale = ((WeightedSplit.Split) WeightedSplit.find(spec, HttpRouteShape.INSTANCE, "primary", "app-stable", "app-canary")).split();
        // Someone edits the rule between the adapter's GET and its PATCH.
        bed.resource("race").patch(PatchContext.of(PatchType.JSON),
                "[{\"op\":\"replace\",\"path\":\"/spec/rules/0/backendRefs/1/weight\",\"value\":50}]");
        var patch = stale.patch(HttpRouteShape.INSTANCE, 75, 25).json();
        try (var narrow = bed.plane().clientWithToken(bed.user().token())) {
            assertThatThrownBy(() -> narrow.genericKubernetesResources("gateway.networking.k8s.io/v1", "HTTPRoute")
                    .inNamespace(bed.namespace()).withName("race").patch(PatchContext.of(PatchType.JSON), patch))
                    // A failed test operation: a bare 422, and nothing of the patch written.
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
        }
        assertThat(weights("race")).containsExactly(95L, 50L);
    }

    @Test
    void a_rule_with_a_third_weighted_backend_is_not_supported_and_stays_as_it_is() {
        bed.create("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: three}
                spec:
                  rules:
                  - name: primary
                    backendRefs:
                    - {name: app-stable, port: 80, weight: 90}
                    - {name: app-canary, port: 80, weight: 5}
                    - {name: app-legacy, port: 80, weight: 5}
                """);
        assertThat(lenient.apply(target("three"), 20)).isInstanceOfSatisfying(AdapterResult.NotSupported.class,
                n -> assertThat(n.detail()).contains("also sends traffic to 'app-legacy' (weight 5)", "nothing changed"));
        assertThat(weights("three")).containsExactly(90L, 5L, 5L);
        assertThat(lenient.observe(target("three"))).isInstanceOf(Observation.CannotVerify.class);
        assertThat(lenient.apply(new TrafficTarget("three", "app-stable", "app-missing"), 20))
                .isInstanceOfSatisfying(AdapterResult.NotSupported.class, n -> assertThat(n.detail()).contains("no destination 'app-missing'"));
        assertThat(lenient.apply(new TrafficTarget("absent", "app-stable", "app-canary"), 20))
                .isInstanceOf(AdapterResult.Failed.class); // not granted: 403, see the RBAC test
    }

    @Test
    void backend_refs_without_weights_count_as_weight_1_and_get_weights_added() {
        bed.create("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: weightless}
                spec:
                  rules:
                  - backendRefs:
                    - {name: app-stable, port: 80}
                    - {name: app-canary, port: 80}
                """);
        var router = router(Map.of("requireAcceptance", false, "rule", "primary"));
        assertThat(router.observe(target("weightless"))).isInstanceOfSatisfying(Observation.CannotVerify.class,
                c -> assertThat(c.reason()).contains("no rules entry named 'primary'"));
        var unnamed = routerWithoutRule();
        assertThat(unnamed.observe(target("weightless"))).isInstanceOfSatisfying(Observation.Observed.class,
                o -> assertThat(o.percent()).isEqualTo(50));
        assertThat(unnamed.apply(target("weightless"), 5)).isInstanceOf(AdapterResult.Applied.class);
        assertThat(weights("weightless")).containsExactly(95L, 5L);
        router.close();
        unnamed.close();
    }

    static TrafficRouter routerWithoutRule() {
        var adapter = AdapterProviders.installed().configure("adapters", Map.of("edge", Map.of("type", "gateway-api",
                "kubeconfig", bed.kubeconfig().toString(), "namespace", bed.namespace(), "requireAcceptance", false)))
                .get("edge").adapter();
        return ((TrafficAdapter) adapter).create();
    }

    static void writeStatus(String name, long generation, String accepted) {
        writeStatus(bed, name, generation, accepted, "True".equals(accepted) ? "Accepted" : "NotAllowedByListeners",
                "set by the test");
    }

    /**
     * What a gateway controller writes through the status subresource: one parent status for Gateway gw, Accepted as
     * given (with {@code reason} and {@code message}) and ResolvedRefs True, both for {@code generation}.
     */
    static void writeStatus(KubeTestbed bed, String name, long generation, String accepted, String reason, String message) {
        var r = bed.resource(name).get();
        r.setAdditionalProperty("status", Map.of("parents", List.of(Map.of(
                "parentRef", Map.of("name", "gw"),
                "controllerName", "example.com/test-controller",
                "conditions", List.of(condition("Accepted", accepted, reason, message, generation),
                        condition("ResolvedRefs", "True", "ResolvedRefs", "set by the test", generation))))));
        bed.admin().genericKubernetesResources("gateway.networking.k8s.io/v1", "HTTPRoute").inNamespace(bed.namespace())
                .resource(r).updateStatus();
    }

    static Map<String, Object> condition(String type, String status, String reason, String message, long generation) {
        return Map.of("type", type, "status", status, "reason", reason, "message", message,
                "observedGeneration", generation, "lastTransitionTime", "2026-12-07T20:00:00Z");
    }
}
