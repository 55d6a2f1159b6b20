package io.tollgate.adapter.istio;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.adapter.AdapterResult;
import io.tollgate.adapter.Observation;
import io.tollgate.adapter.Reconciling;
import io.tollgate.adapter.TrafficRouter;
import io.tollgate.adapter.TrafficTarget;
import io.tollgate.testsupport.KubeTestbed;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code requireReconciled: true} against a real kube-apiserver: the test plays istiod with config distribution tracking,
 * writing the VirtualService's {@code status} subresource (a {@code Reconciled} condition for a generation) after a delay.
 */
@Tag("live")
class VirtualServiceReconciledLiveTest {
    static final TrafficTarget PUSHED = new TrafficTarget("pushed", "app-stable", "app-canary");
    static final TrafficTarget STUCK = new TrafficTarget("stuck", "app-stable", "app-canary");
    static KubeTestbed bed;
    static ScheduledExecutorService istiod;

    @BeforeAll
    static void start() {
        bed = KubeTestbed.create("istiorec", "networking.istio.io", "v1", "virtualservices", "VirtualService",
                List.of("pushed", "stuck"));
        istiod = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("istiod").unstarted(r));
    }

    @AfterAll
    static void stop() {
        istiod.shutdownNow();
    }

    @Test
    void a_change_is_verified_once_istiod_reports_it_reconciled() {
        VirtualServiceTrafficRouterLiveTest.virtualService(bed, "pushed", 100, 0);
        try (var router = router("10s")) {
            assertThat(router.apply(PUSHED, 20)).isInstanceOf(AdapterResult.Applied.class);
            assertThat(router.observe(PUSHED)).isInstanceOfSatisfying(Observation.Pending.class,
                    p -> assertThat(p.reason()).contains("istiod has written no Reconciled condition for generation 2"));
            istiod.schedule(() -> reconciled("pushed", 2, "False", "1/2 complete"), 200, TimeUnit.MILLISECONDS);
            istiod.schedule(() -> reconciled("pushed", 2, "True", "2/2 complete"), 900, TimeUnit.MILLISECONDS);
            long started = System.nanoTime();
            var seen = Reconciling.await(() -> router.observe(PUSHED), ((Reconciling) router).reconcileTimeout());
            assertThat(seen).isInstanceOfSatisfying(Observation.Observed.class, o -> {
                assertThat(o.percent()).isEqualTo(20);
                assertThat(o.detail()).contains("reconciled by istiod at generation 2");
            });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(800));
        }
    }

    @Test
    void a_change_istiod_never_pushes_is_not_verified_after_the_deadline() {
        VirtualServiceTrafficRouterLiveTest.virtualService(bed, "stuck", 100, 0);
        reconciled("stuck", 1, "True", "2/2 complete");
        try (var router = router("1s")) {
            assertThat(router.apply(STUCK, 20)).isInstanceOf(AdapterResult.Applied.class);
            var seen = Reconciling.await(() -> router.observe(STUCK), ((Reconciling) router).reconcileTimeout());
            assertThat(seen).isInstanceOfSatisfying(Observation.CannotVerify.class, c -> assertThat(c.reason()).contains(
                    "not reconciled within 1000 ms", "VirtualService " + bed.namespace() + "/stuck",
                    "Reconciled is for generation 1, the VirtualService is at 2 (not pushed yet)"));
        }
    }

    @Test
    void by_default_nothing_is_waited_for() {
        try (var router = create(Map.of())) {
            assertThat(((Reconciling) router).reconcileTimeout()).isZero();
        }
    }

    static TrafficRouter router(String reconcileTimeout) {
        return create(Map.of("requireReconciled", true, "reconcileTimeout", reconcileTimeout));
    }

    static TrafficRouter create(Map<String, Object> extra) {
        var section = new java.util.HashMap<String, Object>(Map.of("httpRoute", "primary"));
        section.putAll(extra);
        return VirtualServiceTrafficRouterLiveTest.router(bed, section);
    }

    /** What istiod writes with distribution tracking: {@code status.conditions[Reconciled]} for {@code generation}. */
    static void reconciled(String name, long generation, String status, String message) {
        var r = bed.resource(name).get();
        r.setAdditionalProperty("status", Map.of("observedGeneration", generation, "conditions", List.of(Map.of(
                "type", "Reconciled", "status", status, "reason", "True".equals(status) ? "Reconciled" : "stillPropagating",
                "message", message, "observedGeneration", generation, "lastTransitionTime", "2026-12-07T20:00:00Z"))));
        bed.admin().genericKubernetesResources("networking.istio.io/v1", "VirtualService").inNamespace(bed.namespace())
                .resource(r).updateStatus();
    }
}
