package io.tollgate.adapter.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.adapter.AdapterResult;
import io.tollgate.adapter.Observation;
import io.tollgate.adapter.TrafficTarget;
import io.tollgate.testsupport.BackendPair;
import io.tollgate.testsupport.HaproxyFixture;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against one real HAProxy 2.6 in front of two real backends (v149 stable, v150 canary). */
@Tag("live")
class HaproxyTrafficRouterLiveTest {
    static final String SERVICE = "checkout";
    static final TrafficTarget TARGET = new TrafficTarget(SERVICE, HaproxyFixture.STABLE, HaproxyFixture.CANARY);
    static final Latencies APPLY = new Latencies("apply");
    static final Latencies OBSERVE = new Latencies("observe");
    static BackendPair backends;
    static HaproxyFixture haproxy;
    static HaproxyTrafficRouter router;

    @BeforeAll
    static void start() {
        backends = BackendPair.start();
        haproxy = HaproxyFixture.start(SERVICE, backends);
        router = new HaproxyTrafficRouter(HaproxyConfig.defaults(haproxy.host(), haproxy.runtimePort()));
    }

    @AfterAll
    static void stop() {
        System.out.println("HAProxy adapter latencies (local HAProxy 2.6, TCP runtime API): "
                + APPLY.summary() + "; " + OBSERVE.summary());
        router.close();
        haproxy.close();
        backends.close();
    }

    @BeforeEach
    void back_to_stable() {
        assertThat(router.reset(TARGET)).isInstanceOf(AdapterResult.Applied.class);
    }

    @Test
    void applies_1_5_25_100_percent_and_observes_them_exactly() {
        for (int p : new int[] {1, 5, 25, 100, 25, 5, 1, 0}) {
            var applied = APPLY.time(() -> router.apply(TARGET, p));
            assertThat(applied).as("apply %d", p).isInstanceOf(AdapterResult.Applied.class);
            assertThat(OBSERVE.time(() -> router.observe(TARGET))).as("observe after %d", p)
                    .isInstanceOfSatisfying(Observation.Observed.class, o -> assertThat(o.percent()).isEqualTo(p));
            assertThat(haproxy.runtime("get weight " + SERVICE + "/canary")).startsWith(p + " (initial 0)");
        }
        for (int i = 0; i < 200; i++) {
            int p = i % 2 == 0 ? 10 : 20;
            assertThat(APPLY.time(() -> router.apply(TARGET, p))).isInstanceOf(AdapterResult.Applied.class);
            assertThat(OBSERVE.time(() -> router.observe(TARGET))).isEqualTo(
                    new Observation.Observed(p, "weights stable " + (100 - p) + ", canary " + p + " (srv_uweight), both up"));
        }
    }

    @Test
    void the_canary_gets_its_share_of_real_requests() {
        for (int p : new int[] {5, 25}) {
            router.apply(TARGET, p);
            long canaryBefore = backends.canary().requests();
            long totalBefore = backends.requests();
            Map<Integer, Integer> statuses = haproxy.send(SERVICE, 2000);
            long canary = backends.canary().requests() - canaryBefore;
            long total = backends.requests() - totalBefore;
            System.out.printf("split at %d%%: canary %d of %d requests (expected %d); statuses %s%n",
                    p, canary, total, 2000 * p / 100, statuses);
            assertThat(statuses).containsExactly(Map.entry(200, 2000));
            assertThat(total).isEqualTo(2000);
            // roundrobin splits exactly over whole cycles of W=100 requests; allow one cycle's rounding
            assertThat(canary).isBetween(2000L * p / 100 - 2, 2000L * p / 100 + 2);
        }
    }

    @Test
    void reapplying_the_same_share_changes_nothing() {
        assertThat(router.apply(TARGET, 25)).isInstanceOf(AdapterResult.Applied.class);
        assertThat(router.apply(TARGET, 25)).isInstanceOfSatisfying(AdapterResult.Applied.class,
                a -> assertThat(a.detail()).contains("unchanged"));
        assertThat(router.observe(TARGET)).isInstanceOfSatisfying(Observation.Observed.class,
                o -> assertThat(o.percent()).isEqualTo(25));
    }

    @Test
    void reset_sends_all_traffic_to_stable() {
        router.apply(TARGET, 50);
        assertThat(router.reset(TARGET)).isInstanceOf(AdapterResult.Applied.class);
        assertThat(router.observe(TARGET)).isInstanceOfSatisfying(Observation.Observed.class,
                o -> assertThat(o.percent()).isZero());
        long canaryBefore = backends.canary().requests();
        assertThat(haproxy.send(SERVICE, 200)).containsExactly(Map.entry(200, 200));
        assertThat(backends.canary().requests()).isEqualTo(canaryBefore);
    }

    @Test
    void unknown_backend_or_server_is_not_supported_and_changes_nothing() {
        router.apply(TARGET, 5);
        assertThat(router.apply(new TrafficTarget("nope", "stable", "canary"), 50))
                .isInstanceOfSatisfying(AdapterResult.NotSupported.class, n -> assertThat(n.detail()).contains("nope"));
        assertThat(router.apply(new TrafficTarget(SERVICE, "stable", "canary2"), 50))
                .isInstanceOfSatisfying(AdapterResult.NotSupported.class, n -> assertThat(n.detail()).contains("canary2"));
        assertThat(router.reset(new TrafficTarget(SERVICE, "stable2", "canary")))
                .isInstanceOf(AdapterResult.NotSupported.class);
        assertThat(router.apply(new TrafficTarget(SERVICE, "stable", "canary;disable server x/y"), 50))
                .isInstanceOf(AdapterResult.NotSupported.class);
        assertThat(router.observe(new TrafficTarget("nope", "stable", "canary")))
                .isInstanceOfSatisfying(Observation.CannotVerify.class, c -> assertThat(c.reason()).contains("no backend 'nope'"));
        assertThat(router.observe(TARGET)).isInstanceOfSatisfying(Observation.Observed.class,
                o -> assertThat(o.percent()).isEqualTo(5));
    }

    @Test
    void shares_outside_0_to_100_or_not_expressible_in_total_weight_are_not_supported() {
        assertThat(router.apply(TARGET, 101)).isInstanceOf(AdapterResult.NotSupported.class);
        assertThat(router.apply(TARGET, -1)).isInstanceOf(AdapterResult.NotSupported.class);
        var w50 = new HaproxyTrafficRouter(HaproxyConfig.defaults(haproxy.host(), haproxy.runtimePort()).withTotalWeight(50));
        assertThat(w50.apply(TARGET, 25)).isInstanceOfSatisfying(AdapterResult.NotSupported.class,
                n -> assertThat(n.detail()).contains("total weight 50"));
        assertThat(w50.apply(TARGET, 50)).isInstanceOf(AdapterResult.Applied.class);
        assertThat(haproxy.runtime("get weight " + SERVICE + "/canary")).startsWith("25 ");
        assertThat(router.observe(TARGET)).isInstanceOfSatisfying(Observation.Observed.class,
                o -> assertThat(o.percent()).isEqualTo(50));
    }

    @Test
    void a_canary_failing_health_checks_or_in_maintenance_cannot_be_verified() {
        router.apply(TARGET, 25);
        try {
            backends.canary().setHealthy(false);
            haproxy.awaitServerUp(SERVICE, HaproxyFixture.CANARY, false, Duration.ofSeconds(5));
            assertThat(router.observe(TARGET)).isInstanceOfSatisfying(Observation.CannotVerify.class,
                    c -> assertThat(c.reason()).contains("checkout/canary is DOWN"));
        } finally {
            backends.canary().setHealthy(true);
        }
        haproxy.awaitServerUp(SERVICE, HaproxyFixture.CANARY, true, Duration.ofSeconds(5));
        assertThat(router.observe(TARGET)).isInstanceOf(Observation.Observed.class);

        assertThat(haproxy.runtime("disable server " + SERVICE + "/canary")).isBlank();
        try {
            assertThat(router.observe(TARGET)).isInstanceOfSatisfying(Observation.CannotVerify.class,
                    c -> assertThat(c.reason()).contains("maintenance"));
        } finally {
            haproxy.runtime("enable server " + SERVICE + "/canary");
        }
        haproxy.awaitServerUp(SERVICE, HaproxyFixture.CANARY, true, Duration.ofSeconds(5));
    }

    @Test
    void zero_weights_on_both_cannot_be_verified() {
        assertThat(haproxy.runtime("set server " + SERVICE + "/stable weight 0")).isBlank();
        assertThat(router.observe(TARGET)).isInstanceOfSatisfying(Observation.CannotVerify.class,
                c -> assertThat(c.reason()).contains("neither"));
    }
}
