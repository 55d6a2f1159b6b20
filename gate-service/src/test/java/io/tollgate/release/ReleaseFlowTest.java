package io.tollgate.release;

import static io.tollgate.release.ReleaseFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.support.TestTollgate;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Releases driven end to end: real PostgreSQL, real policy engine, fake adapters. */
class ReleaseFlowTest {
    private final FakeFlagRollout flags = new FakeFlagRollout();
    private final FakeTrafficRouter traffic = new FakeTrafficRouter();
    private final FakeCanaryHealth canary = new FakeCanaryHealth();
    private TestTollgate tollgate;

    @BeforeEach
    void start() {
        tollgate = TestTollgate.builder().freshDatabase("releases").releases(wiring(flags, traffic, canary)).start();
    }

    @AfterEach
    void stop() {
        tollgate.close();
    }

    @Test
    void a_healthy_release_promotes_through_every_stage_with_gate_apply_verify_and_bake() {
        long started = System.nanoTime();
        var created = create(tollgate, fourStages("checkout", "300ms"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().path("state").asText()).isEqualTo("pending");
        String id = created.json().path("id").asText();

        var done = awaitState(tollgate, id, "promoted", Duration.ofSeconds(30)).json();
        System.out.printf("healthy release: 4 stages (3 bakes of 300 ms) promoted in %d ms%n", (System.nanoTime() - started) / 1_000_000);

        assertThat(flags.calls("apply")).extracting(FakeFlagRollout.Call::percent).containsExactly(1, 5, 25, 100);
        assertThat(traffic.calls("apply")).extracting(FakeTrafficRouter.Call::percent).containsExactly(1, 5, 25, 100);
        assertThat(done.path("flag").path("desiredPercent").asInt()).isEqualTo(100);
        assertThat(done.path("flag").path("observedPercent").asInt()).isEqualTo(100);
        assertThat(done.path("traffic").path("observedCanaryWeight").asInt()).isEqualTo(100);
        assertThat(done.path("applyCount").asInt()).isEqualTo(4);
        var gates = lines(done, "gate");
        assertThat(gates).extracting(l -> l.path("stage").asText()).containsExactly("canary-1", "canary-5", "canary-25", "full");
        assertThat(gates).allSatisfy(l -> {
            assertThat(l.path("outcome").asText()).isEqualTo("allow");
            assertThat(l.path("decisionId").asText()).isNotBlank();
            assertThat(l.path("onRegression").asText()).isEqualTo("rollback");
        });
        // The server supplied the previous stage: each decision's input names the stage applied before.
        var second = tollgate.api().get("/v1/decisions/" + gates.get(1).path("decisionId").asText(), TestTollgate.ADMIN_TOKEN).json();
        assertThat(second.toString()).contains("\"previousStage\":\"canary-1\"");
        var bakes = lines(done, "transition").stream().filter(l -> l.path("event").asText().equals("bake_complete")).toList();
        assertThat(bakes).hasSize(4);
        assertThat(bakes.subList(0, 3)).allSatisfy(b -> assertThat(b.path("bakedMillis").asLong()).isBetween(300L, 3000L));
        assertThat(lines(done, "adapter")).extracting(l -> l.path("event").asText())
                .contains("apply_started", "flag_apply", "flag_verify", "traffic_apply", "traffic_verify");
        var audit = tollgate.api().get("/v1/audit/events?subject=" + id + "&limit=500", TestTollgate.ADMIN_TOKEN);
        assertThat(audit.text()).contains("release.created").contains("release.transition").contains("adapter.action");
        assertThat(tollgate.spans().getFinishedSpanItems()).anySatisfy(span -> {
            assertThat(span.getName()).isEqualTo("release.step");
            assertThat(span.getAttributes().asMap().toString()).contains(id);
        });
        var metrics = tollgate.api().get("/metrics", null).text();
        assertThat(metrics).contains("tollgate_releases{state=\"promoted\"} 1").contains("tollgate_release_transitions_total")
                .contains("tollgate_adapter_calls_total{adapter=\"flag/fake-flags\",result=\"ok\"}").contains("tollgate_adapter_call_seconds");
    }

    @Test
    void the_change_facts_reach_the_gates_and_the_delivery_metrics_read_the_recorded_history() {
        var body = fourStages("checkout", "100ms");
        var committed = java.time.Instant.now().minusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        ((com.fasterxml.jackson.databind.node.ObjectNode) body.get("change")).put("committedAt", committed.toString())
                .putArray("labels").add("emergency");
        String id = create(tollgate, body).json().path("id").asText();
        var done = awaitState(tollgate, id, "promoted", Duration.ofSeconds(30)).json();
        assertThat(control(tollgate, TestTollgate.RELEASE_MANAGER_TOKEN, id, "rollback", "bad numbers").status()).isEqualTo(200);
        io.tollgate.testsupport.Eventually.await("rollback of " + id + " verified", Duration.ofSeconds(20), () -> get(tollgate, id).json(),
                r -> !events(r, "reset_done").isEmpty());

        assertThat(done.at("/spec/change/committedAt").asText()).isEqualTo(committed.toString());
        var gate = tollgate.api().get("/v1/decisions/" + lines(done, "gate").getFirst().path("decisionId").asText(),
                TestTollgate.ADMIN_TOKEN).json();
        assertThat(gate.at("/policyInput/change/labels/0").asText()).isEqualTo("emergency");
        assertThat(gate.at("/policyInput/change/committedAt").asText()).isEqualTo(committed.toString());
        var m = tollgate.api().get("/v1/delivery-metrics?service=checkout&environment=production&window=1d", TestTollgate.VIEWER_TOKEN)
                .json().get("items").get(0);
        assertThat(m.at("/deploymentFrequency/deployments").asInt()).isEqualTo(1);
        assertThat(m.at("/changeLeadTime/medianSeconds").asDouble()).isBetween(3600.0, 3660.0);
        assertThat(m.at("/changeFailRate/failed").asInt()).isEqualTo(1);
        assertThat(m.at("/changeFailRate/failures/0/cause").asText()).isEqualTo("rolled_back");
        assertThat(m.at("/failedDeploymentRecoveryTime/recovered").asInt()).isEqualTo(1);
        assertThat(m.at("/deploymentReworkRate/ratio").asDouble()).isEqualTo(1.0);
    }

    @Test
    void a_gross_canary_failure_rolls_back_at_once_traffic_to_stable_and_flag_off() {
        String id = create(tollgate, fourStages("checkout", "30s")).json().path("id").asText();
        awaitState(tollgate, id, "baking", Duration.ofSeconds(20));

        canary.counts(100, 40);
        long onset = canary.failingSince();
        // rolled_back is written before the reset step: wait for the reset's own lines too.
        var done = io.tollgate.testsupport.Eventually.await("release " + id + " rolled back and reset", Duration.ofSeconds(20),
                () -> get(tollgate, id).json(), r -> r.path("state").asText().equals("rolled_back") && !events(r, "flag_reset").isEmpty());

        long reset = traffic.calls("reset").getFirst().nanos();
        System.out.printf("gross canary failure: onset -> traffic reset %d ms, -> flag reset %d ms%n",
                (reset - onset) / 1_000_000, (flags.calls("reset").getFirst().nanos() - onset) / 1_000_000);
        assertThat(traffic.percent(BACKEND)).isZero();
        assertThat(flags.percent(FEATURE)).isZero();
        assertThat(done.path("reason").path("code").asText()).isEqualTo("canary_gross_failure");
        assertThat(done.path("reason").path("message").asText()).contains("0.400").contains("100 requests");
        assertThat(lines(done, "adapter")).extracting(l -> l.path("event").asText()).contains("traffic_reset", "flag_reset");
        assertThat(tollgate.api().get("/metrics", null).text()).contains("tollgate_rollbacks_total{reason=\"canary_gross_failure\",service=\"checkout\"} 1");
    }

    @Test
    void a_traffic_adapter_that_stays_down_halts_naming_it_and_the_flag_is_put_back() {
        traffic.down(true);
        String id = create(tollgate, fourStages("checkout", "300ms")).json().path("id").asText();

        var done = awaitState(tollgate, id, "halted", Duration.ofSeconds(20)).json();

        assertThat(done.path("reason").path("code").asText()).isEqualTo("adapter_failed");
        assertThat(done.path("reason").path("message").asText()).contains("traffic adapter fake-traffic").contains("fake router down")
                .contains("flag put back to 0%");
        assertThat(flags.percent(FEATURE)).isZero();
        assertThat(flags.calls("apply")).extracting(FakeFlagRollout.Call::percent).containsExactly(1);
        assertThat(flags.calls("reset")).hasSize(1);
        assertThat(traffic.calls("apply")).hasSize(2); // the configured 2 attempts, then it gives up
    }

    @Test
    void a_hand_change_of_the_flag_while_baking_is_detected_as_drift_and_halts() {
        String id = create(tollgate, fourStages("checkout", "30s")).json().path("id").asText();
        awaitState(tollgate, id, "baking", Duration.ofSeconds(20));

        flags.setByHand(FEATURE, 50);
        var done = awaitState(tollgate, id, "halted", Duration.ofSeconds(20)).json();

        assertThat(done.path("reason").path("code").asText()).isEqualTo("drift_detected");
        assertThat(done.path("reason").path("message").asText()).contains("observed 50% but 1% was set");
        assertThat(lines(done, "drift")).hasSize(1);
        assertThat(tollgate.api().get("/v1/audit/events?subject=" + id + "&kind=adapter.action&limit=500", TestTollgate.ADMIN_TOKEN).text())
                .contains("drift_detected");
    }

    @Test
    void a_dry_run_walks_the_plan_with_gate_checks_and_touches_no_adapter() {
        var body = fourStages("checkout", "5m").put("dryRun", true);
        String id = create(tollgate, body).json().path("id").asText();

        var done = awaitState(tollgate, id, "promoted", Duration.ofSeconds(20)).json();

        assertThat(flags.calls()).isEmpty();
        assertThat(traffic.calls()).isEmpty();
        assertThat(done.path("reason").path("code").asText()).isEqualTo("dry_run_complete");
        var plan = lines(done, "gate");
        assertThat(plan).extracting(l -> l.path("stage").asText()).containsExactly("canary-1", "canary-5", "canary-25", "full");
        assertThat(plan.get(1).path("wouldSetFlagPercent").asInt()).isEqualTo(5);
        assertThat(plan.get(1).path("expectedBakeMillis").asLong()).isEqualTo(300_000);
        assertThat(plan).allSatisfy(l -> assertThat(l.path("decisionId").asText()).isNotBlank());
    }

    @Test
    void rolling_back_a_promoted_dry_run_records_the_reset_it_would_make_and_calls_no_adapter() {
        String id = create(tollgate, fourStages("checkout", "5m").put("dryRun", true)).json().path("id").asText();
        awaitState(tollgate, id, "promoted", Duration.ofSeconds(20));

        var rolled = control(tollgate, TestTollgate.RELEASE_MANAGER_TOKEN, id, "rollback", "practice the rollback");
        assertThat(rolled.status()).as(rolled.text()).isEqualTo(200);
        assertThat(rolled.json().path("state").asText()).isEqualTo("rolled_back");
        // The old engine reset the adapters in a later step (reset_done); a dry run records what it would do, at once.
        var done = io.tollgate.testsupport.Eventually.await("rollback of dry run " + id + " settled", Duration.ofSeconds(10),
                () -> get(tollgate, id).json(), r -> !events(r, "dry_run_reset").isEmpty() || !events(r, "reset_done").isEmpty()
                        || !events(r, "reset_failed").isEmpty());

        assertThat(flags.calls()).isEmpty();
        assertThat(traffic.calls()).isEmpty();
        assertThat(events(done, "reset_done")).isEmpty();
        var would = events(done, "dry_run_reset");
        assertThat(would).singleElement().satisfies(l -> {
            assertThat(l.path("adapterCalled").asBoolean(true)).isFalse();
            assertThat(l.path("wouldSetCanaryWeight").asInt(-1)).isZero();
            assertThat(l.path("wouldSetFlagPercent").asInt(-1)).isZero();
            assertThat(l.path("actor").asText()).isEqualTo("release-manager-kim");
        });
        assertThat(done.path("reason").path("message").asText()).isEqualTo("practice the rollback");
        var audit = tollgate.api().get("/v1/audit/events?subject=" + id + "&kind=adapter.action&limit=50", TestTollgate.ADMIN_TOKEN).text();
        assertThat(audit).contains("dry_run_reset").contains("release-manager-kim");
    }

    @Test
    void a_dry_run_whose_gate_denies_halts_with_the_deny_and_abort_calls_no_adapter() {
        // canary-1 then full jumps further than the policy's max_stage_jump: a real run would halt at full with gate_denied.
        var body = aRelease("checkout", stage("canary-1", 1, 1, "200ms"), stage("full", 100, 100, null)).put("dryRun", true);
        String id = create(tollgate, body).json().path("id").asText();

        var halted = awaitState(tollgate, id, "halted", Duration.ofSeconds(20)).json();

        assertThat(halted.path("reason").path("code").asText()).isEqualTo("gate_denied");
        assertThat(halted.path("reason").path("message").asText()).startsWith("dry run: gate denied full:").contains("stage_jump_too_large");
        assertThat(lines(halted, "gate")).extracting(l -> l.path("outcome").asText()).containsExactly("allow", "deny");
        assertThat(events(halted, "dry_run_complete")).isEmpty();

        var aborted = control(tollgate, TestTollgate.RELEASE_MANAGER_TOKEN, id, "abort", "policy says no");
        assertThat(aborted.status()).as(aborted.text()).isEqualTo(200);
        assertThat(aborted.json().path("state").asText()).isEqualTo("aborted");
        assertThat(events(get(tollgate, id).json(), "dry_run_reset")).hasSize(1);
        var promote = control(tollgate, TestTollgate.RELEASE_MANAGER_TOKEN, id, "promote", "no");
        assertThat(promote.status()).isEqualTo(409);
        assertThat(flags.calls()).isEmpty();
        assertThat(traffic.calls()).isEmpty();
    }

    @Test
    void a_named_strategy_from_configuration_drives_the_release() {
        var body = fourStages("checkout", "1s");
        body.put("strategy", "standard-canary");
        String id = create(tollgate, body).json().path("id").asText();

        awaitState(tollgate, id, "promoted", Duration.ofSeconds(20));

        assertThat(flags.calls("apply")).extracting(FakeFlagRollout.Call::percent).containsExactly(1, 25, 100);
    }

    static Map<String, String> json() {
        return Map.of("Content-Type", "application/json");
    }
}
