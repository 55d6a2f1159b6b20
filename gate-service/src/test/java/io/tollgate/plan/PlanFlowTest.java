package io.tollgate.plan;

import static io.tollgate.plan.PlanFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.release.FakeFlagRollout;
import io.tollgate.release.FakeTrafficRouter;
import io.tollgate.support.TestTollgate;
import io.tollgate.testsupport.Eventually;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Plans driven end to end: real PostgreSQL, real policy (on_failure per environment), releases on in-memory adapters. */
class PlanFlowTest {
    private final FakeFlagRollout flags = new FakeFlagRollout();
    private final FakeTrafficRouter traffic = new FakeTrafficRouter();
    private final Set<String> burning = ConcurrentHashMap.newKeySet();
    private TestTollgate tollgate;

    @BeforeEach
    void start() {
        tollgate = TestTollgate.builder().freshDatabase("plans")
                .releases(wiring(flags, traffic, s -> burning.contains(s) ? List.of(s + "-availability/page-fast") : List.of())).start();
    }

    @AfterEach
    void stop() {
        tollgate.close();
    }

    /** When the traffic adapter first set {@code backend} to {@code percent} (nanoTime). */
    private long applied(String backend, int percent) {
        return traffic.calls("apply").stream().filter(c -> c.backend().equals(backend) && c.percent() == percent)
                .mapToLong(FakeTrafficRouter.Call::nanos).min().orElseThrow(() -> new AssertionError(backend + " never at " + percent));
    }

    @Test
    void releases_start_in_dependency_order_and_independent_ones_in_parallel_up_to_max_parallel() {
        long started = System.nanoTime();
        var body = aPlan("checkout-v2", "production", entry("checkout", "200ms", "payments"), entry("payments", "200ms", "inventory"),
                entry("inventory", "200ms"), entry("search", "200ms"), entry("ads", "200ms"), entry("mail", "200ms"))
                .put("maxParallel", 2);
        String id = startPlan(tollgate, body);

        var done = awaitState(tollgate, id, "completed", Duration.ofSeconds(90));
        System.out.printf("plan of 6 releases (3 chained, maxParallel 2, 4 stages of which 3 bake 200 ms): completed in %d ms%n",
                (System.nanoTime() - started) / 1_000_000);

        assertThat(applied("payments", 1)).isGreaterThan(applied("inventory", 100));
        assertThat(applied("checkout", 1)).isGreaterThan(applied("payments", 100));
        // Never more than two releases between their first apply and their promotion.
        var spans = new ArrayList<long[]>();
        for (String s : List.of("checkout", "payments", "inventory", "search", "ads", "mail")) {
            spans.add(new long[] {applied(s, 1), applied(s, 100)});
            assertThat(release(done, s).path("state").asText()).isEqualTo("promoted");
            assertThat(release(done, s).path("startedAt").asText()).isNotBlank();
            assertThat(release(done, s).path("endedAt").asText()).isNotBlank();
        }
        for (var span : spans) {
            long overlapping = spans.stream().filter(o -> o[0] <= span[0] && span[0] <= o[1]).count();
            assertThat(overlapping).as("releases running when one started").isLessThanOrEqualTo(2);
        }
        assertThat(events(done, "entry_started")).hasSize(6);
        String releaseId = release(done, "payments").path("releaseId").asText();
        var r = tollgate.api().get("/v1/releases/" + releaseId, TestTollgate.VIEWER_TOKEN).json();
        assertThat(r.path("createdBy").asText()).isEqualTo("tollgate/plan/" + id);
        assertThat(r.path("applyCount").asInt()).isEqualTo(4); // the release's own gates and bakes ran: nothing bypassed
        var audit = tollgate.api().get("/v1/audit/events?subject=" + id + "&limit=100", TestTollgate.ADMIN_TOKEN).text();
        assertThat(audit).contains("plan.created").contains("plan.transition").contains(releaseId);
        var metrics = tollgate.api().get("/metrics", null).text();
        assertThat(metrics).contains("tollgate_release_plans{state=\"completed\"} 1")
                .contains("tollgate_release_plan_outcomes_total{outcome=\"completed\"} 1").contains("tollgate_release_plan_entries_waiting 0");
    }

    @Test
    void start_when_a_stage_starts_the_dependent_once_the_dependency_applied_that_stage_not_before_its_promotion() {
        var payments = entry("payments", stages("3s", "canary-1", 1, "canary-5", 5, "canary-25", 25));
        var checkout = entry("checkout", "200ms", "payments").put("startWhen", "canary-25");
        String id = startPlan(tollgate, aPlan("checkout-v2", "production", payments, checkout));

        awaitState(tollgate, id, "completed", Duration.ofSeconds(60));

        long checkoutStart = applied("checkout", 1);
        assertThat(checkoutStart).isGreaterThan(applied("payments", 25)).isLessThan(applied("payments", 100));
    }

    @Test
    void a_release_that_halts_in_production_rolls_the_plan_back_dependents_first_each_reset_verified_before_the_next() {
        var body = aPlan("checkout-v2", "production", entry("inventory", "200ms"), entry("search", "200ms"),
                deniedEntry("payments", "inventory"), entry("checkout", "200ms", "payments"));
        String id = startPlan(tollgate, body);

        var done = awaitState(tollgate, id, "rolled_back", Duration.ofSeconds(60));

        assertThat(done.path("onFailure").asText()).isEqualTo("rollback");
        var failure = events(done, "failure").getFirst();
        assertThat(failure.path("reasonCode").asText()).isEqualTo("release_halted");
        assertThat(failure.path("reason").asText()).contains("payments").contains("gate_denied").contains("on_failure=rollback");
        // The reverse of the start order (inventory, search, payments): payments, halted at its denied gate, before
        // inventory, which it depends on.
        assertThat(resetOrder(traffic)).containsExactly("payments", "search", "inventory");
        var resets = traffic.calls("reset");
        var verified = events(done, "compensation_verified");
        assertThat(verified).extracting(l -> l.path("key").asText()).containsExactly("payments", "search", "inventory");
        // Each reset after the previous release's reset was verified (its verification is recorded before the next request).
        var requested = events(done, "compensation_requested");
        for (int i = 1; i < requested.size(); i++) {
            assertThat(Instant.parse(requested.get(i).path("at").asText())).isAfterOrEqualTo(Instant.parse(verified.get(i - 1).path("at").asText()));
        }
        assertThat(resets).hasSize(3);
        assertThat(release(done, "checkout").path("state").asText()).isEqualTo("waiting");
        assertThat(release(done, "checkout").path("releaseId").isNull()).isTrue();
        for (String s : List.of("inventory", "payments", "search")) {
            assertThat(release(done, s).path("state").asText()).isEqualTo("rolled_back");
            assertThat(traffic.percent(s)).isZero();
            assertThat(flags.percent(s + "-v150")).isZero();
        }
        var audit = tollgate.api().get("/v1/audit/events?subject=" + id + "&kind=plan.compensation&limit=100", TestTollgate.ADMIN_TOKEN).text();
        assertThat(audit).contains(release(done, "payments").path("releaseId").asText()).contains("compensation_verified");
        assertThat(tollgate.api().get("/metrics", null).text()).contains("tollgate_release_plan_compensation_seconds_count 1");
    }

    @Test
    void a_release_that_halts_in_development_halts_the_plan_pausing_the_running_ones_for_a_human_who_rolls_it_back() {
        var slow = entry("search", stages("30s", "canary-1", 1));
        var body = aPlan("notes-v2", "development", entry("inventory", "200ms"), slow, deniedEntry("payments", "inventory"));
        String id = startPlan(tollgate, body);

        var halted = awaitState(tollgate, id, "halted", Duration.ofSeconds(60));
        assertThat(halted.path("onFailure").asText()).isEqualTo("halt");
        var paused = Eventually.await("search paused by the plan", Duration.ofSeconds(20), () -> release(get(tollgate, id).json(), "search"),
                r -> r.path("state").asText().equals("halted"));
        assertThat(paused.path("reason").path("code").asText()).isEqualTo("pause");
        assertThat(traffic.calls("reset")).isEmpty(); // halted where it is, for a human
        assertThat(traffic.percent("inventory")).isEqualTo(100);

        var rolled = control(tollgate, TestTollgate.RELEASE_MANAGER_TOKEN, id, "rollback", "payments needs a fix first");
        assertThat(rolled.status()).as(rolled.text()).isEqualTo(200);
        var done = awaitState(tollgate, id, "rolled_back", Duration.ofSeconds(30));
        assertThat(resetOrder(traffic)).containsExactly("payments", "search", "inventory");
        var manual = events(done, "rollback").getFirst();
        assertThat(manual.path("actor").asText()).isEqualTo("release-manager-kim");
        assertThat(manual.path("reason").asText()).isEqualTo("payments needs a fix first");
    }

    @Test
    void a_fast_burn_of_a_watched_caller_rolls_back_the_plan_before_that_caller_is_released() {
        var payments = entry("payments", stages("30s", "canary-1", 1), "inventory");
        var body = aPlan("checkout-v2", "production", entry("inventory", "200ms"), payments, entry("checkout", "200ms", "payments"));
        body.putArray("watch").add("storefront");
        String id = startPlan(tollgate, body);
        Eventually.await("payments baking", Duration.ofSeconds(30), () -> release(get(tollgate, id).json(), "payments"),
                r -> r.path("stage").asText().equals("canary-1") && r.path("state").asText().equals("baking"));

        long onset = System.nanoTime();
        burning.add("checkout"); // payments' change breaks its caller, which the plan has not released yet
        var done = awaitState(tollgate, id, "rolled_back", Duration.ofSeconds(30));
        long firstReset = traffic.calls("reset").getFirst().nanos();
        System.out.printf("watched SLO fast burn -> first compensation reset: %d ms (plan look interval 100 ms)%n",
                (firstReset - onset) / 1_000_000);

        var failure = events(done, "failure").getFirst();
        assertThat(failure.path("reasonCode").asText()).isEqualTo("watched_slo_fast_burn");
        assertThat(failure.path("reason").asText()).contains("checkout-availability/page-fast");
        assertThat(release(done, "checkout").path("releaseId").isNull()).isTrue();
        assertThat(resetOrder(traffic)).containsExactly("payments", "inventory");
        assertThat(done.path("watch").toString()).contains("storefront").contains("checkout");
    }

    @Test
    void a_dry_run_walks_every_release_in_order_checks_every_gate_and_touches_nothing() {
        var body = aPlan("checkout-v2", "production", entry("inventory", "5m"), deniedEntry("payments", "inventory"),
                entry("checkout", "5m", "payments")).put("dryRun", true);
        String id = startPlan(tollgate, body);

        var done = awaitState(tollgate, id, "halted", Duration.ofSeconds(30));

        assertThat(flags.calls()).isEmpty();
        assertThat(traffic.calls()).isEmpty();
        assertThat(done.path("reason").path("code").asText()).isEqualTo("dry_run_blocked");
        assertThat(done.path("reason").path("message").asText()).startsWith("payments: gate_denied").doesNotContain("inventory");
        JsonNode checkout = tollgate.api().get("/v1/releases/" + release(done, "checkout").path("releaseId").asText(), TestTollgate.VIEWER_TOKEN).json();
        assertThat(checkout.path("dryRun").asBoolean()).isTrue();
        assertThat(checkout.path("state").asText()).isEqualTo("promoted"); // its gates were checked after payments' dry run
        var aborted = control(tollgate, TestTollgate.RELEASE_MANAGER_TOKEN, id, "abort", "fix payments' stages");
        assertThat(aborted.status()).as(aborted.text()).isEqualTo(200);
        Eventually.await("dry runs aborted", Duration.ofSeconds(20), () -> release(get(tollgate, id).json(), "payments"),
                r -> r.path("state").asText().equals("aborted"));
        assertThat(flags.calls()).isEmpty();
        assertThat(traffic.calls()).isEmpty();
    }
}
