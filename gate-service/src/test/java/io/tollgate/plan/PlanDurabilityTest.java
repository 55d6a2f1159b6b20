package io.tollgate.plan;

import static io.tollgate.plan.PlanFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.config.DatabaseConfig;
import io.tollgate.release.FakeFlagRollout;
import io.tollgate.release.FakeTrafficRouter;
import io.tollgate.support.TestDatabases;
import io.tollgate.support.TestTollgate;
import io.tollgate.testsupport.Eventually;
import io.tollgate.testsupport.PostgresFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Plans are driven exactly once by several instances on one database, and continue after a restart, also in the middle
 * of a compensation (the rows left as a crash at each point would leave them).
 */
class PlanDurabilityTest {
    private final FakeFlagRollout flags = new FakeFlagRollout();
    private final FakeTrafficRouter traffic = new FakeTrafficRouter();

    private TestTollgate instance(DatabaseConfig db) {
        return TestTollgate.builder().database(db).releases(wiring(flags, traffic, s -> List.of())).start();
    }

    private Map<String, Long> resetsPerBackend() {
        return traffic.calls("reset").stream().collect(Collectors.groupingBy(FakeTrafficRouter.Call::backend, Collectors.counting()));
    }

    private static int releasesOf(TestTollgate t, String service) {
        return t.api().get("/v1/releases?service=" + service, TestTollgate.VIEWER_TOKEN).json().path("items").size();
    }

    @Test
    void two_instances_on_one_database_never_start_a_release_twice_nor_compensate_one_twice() {
        var db = TestDatabases.withRoles(PostgresFixture.newDatabase("plan_replicas"), 4);
        try (var a = instance(db); var b = instance(db)) {
            String good = startPlan(a, aPlan("ads-v2", "production", entry("ads", "200ms"), entry("mail", "200ms", "ads"),
                    entry("push", "200ms", "ads")));
            String bad = startPlan(b, aPlan("checkout-v2", "production", entry("inventory", "200ms"), entry("search", "200ms"),
                    deniedEntry("payments", "inventory"), entry("checkout", "200ms", "payments")));

            awaitState(b, good, "completed", Duration.ofSeconds(90));
            var done = awaitState(a, bad, "rolled_back", Duration.ofSeconds(90));

            for (String s : List.of("ads", "mail", "push", "inventory", "search", "payments")) {
                assertThat(releasesOf(a, s)).as("releases of " + s).isEqualTo(1);
            }
            assertThat(releasesOf(a, "checkout")).isZero();
            for (String s : List.of("ads", "mail", "push", "inventory", "search")) {
                assertThat(flags.calls("apply").stream().filter(c -> c.feature().equals(s + "-v150")))
                        .extracting(FakeFlagRollout.Call::percent).as(s).containsExactly(1, 5, 25, 100);
            }
            assertThat(resetsPerBackend()).isEqualTo(Map.of("payments", 1L, "search", 1L, "inventory", 1L));
            assertThat(events(done, "entry_started")).hasSize(3);
            assertThat(events(done, "compensation_requested")).hasSize(3);
        }
    }

    @Test
    void a_restart_while_a_dependency_bakes_continues_the_plan_without_starting_anything_twice() {
        var db = TestDatabases.withRoles(PostgresFixture.newDatabase("plan_restart"), 4);
        String id;
        try (var first = instance(db)) {
            id = startPlan(first, aPlan("checkout-v2", "production", entry("inventory", "2s"), entry("payments", "200ms", "inventory")));
            Eventually.await("inventory baking", Duration.ofSeconds(30), () -> release(get(first, id).json(), "inventory"),
                    r -> r.path("state").asText().equals("baking"));
        }
        try (var second = instance(db)) {
            var done = awaitState(second, id, "completed", Duration.ofSeconds(60));
            assertThat(events(done, "entry_started")).extracting(l -> l.path("key").asText()).containsExactly("inventory", "payments");
            assertThat(releasesOf(second, "inventory")).isEqualTo(1);
            assertThat(releasesOf(second, "payments")).isEqualTo(1);
            assertThat(flags.calls("apply").stream().filter(c -> c.feature().equals("inventory-v150")))
                    .extracting(FakeFlagRollout.Call::percent).containsExactly(1, 5, 25, 100);
        }
    }

    @Test
    void a_crash_mid_compensation_is_continued_by_the_next_instance_in_order_without_resetting_anything_twice() throws Exception {
        var pg = PostgresFixture.newDatabase("plan_crash_compensation");
        var db = TestDatabases.withRoles(pg, 4);
        String id;
        try (var first = instance(db)) {
            id = startPlan(first, aPlan("checkout-v2", "production", entry("inventory", "200ms"), entry("payments", "200ms", "inventory"),
                    entry("checkout", "200ms", "payments")));
            var completed = awaitState(first, id, "completed", Duration.ofSeconds(60));
            // The first compensation step went through before the crash: checkout's release was rolled back and reset...
            String checkout = release(completed, "checkout").path("releaseId").asText();
            var rolled = first.api().post("/v1/releases/" + checkout + "/rollback", TestTollgate.RELEASE_MANAGER_TOKEN,
                    "{\"reason\":\"plan compensation (simulated)\"}", Map.of("Content-Type", "application/json"));
            assertThat(rolled.status()).as(rolled.text()).isEqualTo(200);
            Eventually.await("checkout reset", Duration.ofSeconds(20), () -> traffic.calls("reset").size(), n -> n == 1);
        }
        // ...and the process died after recording payments' rollback request, before asking its release.
        try (var c = pg.connect(); var st = c.createStatement()) {
            st.executeUpdate("UPDATE release_plans SET state = 'rolling_back', settled = false, row_version = row_version + 1 WHERE id = '" + id + "'");
            st.executeUpdate("UPDATE release_plan_entries SET compensation = 'requested', compensated_at = now() WHERE plan_id = '" + id
                    + "' AND entry_key IN ('checkout', 'payments')");
        }
        try (var second = instance(db)) {
            var done = awaitState(second, id, "rolled_back", Duration.ofSeconds(60));

            assertThat(resetOrder(traffic)).containsExactly("checkout", "payments", "inventory");
            assertThat(events(done, "compensation_verified")).extracting(l -> l.path("key").asText())
                    .containsExactly("checkout", "payments", "inventory");
            assertThat(events(done, "compensation_requested")).extracting(l -> l.path("key").asText()).containsExactly("inventory");
            assertThat(done.path("reason").path("message").asText()).contains("checkout, payments, inventory");
        }
    }
}
