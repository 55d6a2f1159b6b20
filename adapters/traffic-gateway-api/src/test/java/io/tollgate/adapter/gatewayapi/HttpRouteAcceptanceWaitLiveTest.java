package io.tollgate.adapter.gatewayapi;

import static io.tollgate.adapter.gatewayapi.HttpRouteTrafficRouterLiveTest.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.adapter.AdapterResult;
import io.tollgate.adapter.Observation;
import io.tollgate.adapter.Reconciling;
import io.tollgate.adapter.TrafficRouter;
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
 * The read-back a release does after changing an HTTPRoute ({@link Reconciling#await}, what the stage runner calls
 * through GuardedAdapters.awaitTraffic), against a real kube-apiserver. The test plays the gateway controller: it writes
 * the route's {@code status} subresource with the admin client, after a delay, the way a controller reconciles.
 */
@Tag("live")
class HttpRouteAcceptanceWaitLiveTest {
    static KubeTestbed bed;
    static ScheduledExecutorService controller;

    @BeforeAll
    static void start() {
        bed = KubeTestbed.create("gwwait", "gateway.networking.k8s.io", "v1", "httproutes", "HTTPRoute",
                List.of("late", "never", "refused"));
        controller = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("gateway-controller").unstarted(r));
    }

    @AfterAll
    static void stop() {
        controller.shutdownNow();
    }

    @Test
    void a_route_accepted_within_the_deadline_is_verified_once_the_controller_catches_up() {
        route("late");
        accept("late", 1, "True", "Accepted", "accepted");
        try (var router = router("10s")) {
            assertThat(router.apply(target("late"), 20)).isInstanceOf(AdapterResult.Applied.class);
            // Right after the patch the controller has not seen generation 2: one look alone would halt the stage.
            assertThat(router.observe(target("late"))).isInstanceOfSatisfying(Observation.Pending.class,
                    p -> assertThat(p.reason()).contains("Accepted is for generation 1, the route is at 2 (not reconciled yet)"));
            controller.schedule(() -> accept("late", 2, "True", "Accepted", "accepted"), 800, TimeUnit.MILLISECONDS);
            long started = System.nanoTime();
            var seen = Reconciling.await(() -> router.observe(target("late")), ((Reconciling) router).reconcileTimeout());
            var waited = Duration.ofNanos(System.nanoTime() - started);
            assertThat(seen).isInstanceOfSatisfying(Observation.Observed.class, o -> {
                assertThat(o.percent()).isEqualTo(20);
                assertThat(o.detail()).contains("accepted by gw at generation 2");
            });
            assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(700)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void a_route_never_accepted_is_not_verified_after_the_deadline_and_the_reason_names_route_and_condition() {
        route("never");
        accept("never", 1, "True", "Accepted", "accepted");
        try (var router = router("1500ms")) {
            assertThat(router.apply(target("never"), 20)).isInstanceOf(AdapterResult.Applied.class);
            long started = System.nanoTime();
            var seen = Reconciling.await(() -> router.observe(target("never")), ((Reconciling) router).reconcileTimeout());
            var waited = Duration.ofNanos(System.nanoTime() - started);
            assertThat(seen).isInstanceOfSatisfying(Observation.CannotVerify.class, c -> assertThat(c.reason()).contains(
                    "not reconciled within 1500 ms", "HTTPRoute " + bed.namespace() + "/never", "stable 80, canary 20",
                    "parent 'gw' Accepted is for generation 1, the route is at 2 (not reconciled yet)"));
            assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(1500)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void accepted_false_from_the_controller_ends_the_wait_at_once_with_its_message() {
        route("refused");
        try (var router = router("30s")) {
            assertThat(router.apply(target("refused"), 20)).isInstanceOf(AdapterResult.Applied.class);
            controller.schedule(() -> accept("refused", 2, "False", "NotAllowedByListeners",
                    "no listener of Gateway gw allows routes from this namespace"), 300, TimeUnit.MILLISECONDS);
            long started = System.nanoTime();
            var seen = Reconciling.await(() -> router.observe(target("refused")), ((Reconciling) router).reconcileTimeout());
            var waited = Duration.ofNanos(System.nanoTime() - started);
            assertThat(seen).isInstanceOfSatisfying(Observation.CannotVerify.class, c -> assertThat(c.reason()).contains(
                    "HTTPRoute " + bed.namespace() + "/refused", "parent 'gw' Accepted=False (NotAllowedByListeners: "
                            + "no listener of Gateway gw allows routes from this namespace)"));
            assertThat(waited).as("answered on the controller's verdict, not at the 30 s deadline").isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void without_require_acceptance_nothing_is_waited_for() {
        try (var router = create(Map.of("requireAcceptance", false))) {
            assertThat(((Reconciling) router).reconcileTimeout()).isZero();
        }
    }

    static TrafficRouter router(String acceptanceTimeout) {
        return create(Map.of("acceptanceTimeout", acceptanceTimeout));
    }

    static TrafficRouter create(Map<String, Object> extra) {
        return HttpRouteTrafficRouterLiveTest.router(bed, extra);
    }

    static void route(String name) {
        HttpRouteTrafficRouterLiveTest.route(bed, name, 100, 0);
    }

    /** Gateway gw's controller reports its verdict on {@code generation} of route {@code name}. */
    static void accept(String name, long generation, String accepted, String reason, String message) {
        HttpRouteTrafficRouterLiveTest.writeStatus(bed, name, generation, accepted, reason, message);
    }
}
