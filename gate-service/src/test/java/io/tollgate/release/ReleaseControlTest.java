package io.tollgate.release;

import static io.tollgate.release.ReleaseFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.support.TestTollgate;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Control actions, permissions, validation, conflicts and idempotency of /v1/releases (one Tollgate, one service per test). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReleaseControlTest {
    private final FakeFlagRollout flags = new FakeFlagRollout();
    private final FakeTrafficRouter traffic = new FakeTrafficRouter();
    private TestTollgate tollgate;

    @BeforeAll
    void start() {
        tollgate = TestTollgate.builder().freshDatabase("release_controls").releases(wiring(flags, traffic, new FakeCanaryHealth())).start();
    }

    @AfterAll
    void stop() {
        tollgate.close();
    }

    private String started(String service, String bake) {
        var answer = create(tollgate, fourStages(service, bake));
        assertThat(answer.status()).as(answer.text()).isEqualTo(201);
        String id = answer.json().path("id").asText();
        awaitState(tollgate, id, "baking", Duration.ofSeconds(20));
        return id;
    }

    @Test
    void pause_resume_and_abort_are_audited_with_the_actor_and_ci_and_viewer_get_403() {
        String id = started("cart", "30s");

        assertThat(control(tollgate, TestTollgate.CI_TOKEN, id, "pause", "x").status()).isEqualTo(403);
        assertThat(control(tollgate, TestTollgate.VIEWER_TOKEN, id, "abort", "x").status()).isEqualTo(403);
        var noReason = tollgate.api().post("/v1/releases/" + id + "/pause", TestTollgate.RELEASE_MANAGER_TOKEN, "{}",
                Map.of("Content-Type", "application/json"));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.json().path("field").asText()).isEqualTo("reason");

        var paused = control(tollgate, TestTollgate.RELEASE_MANAGER_TOKEN, id, "pause", "checking a dashboard");
        assertThat(paused.status()).as(paused.text()).isEqualTo(200);
        assertThat(paused.json().path("state").asText()).isEqualTo("halted");
        var again = control(tollgate, TestTollgate.RELEASE_MANAGER_TOKEN, id, "pause", "twice");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("state").asText()).isEqualTo("halted");

        assertThat(control(tollgate, TestTollgate.RELEASE_MANAGER_TOKEN, id, "resume", "dashboard fine").status()).isEqualTo(200);
        awaitState(tollgate, id, "baking", Duration.ofSeconds(20));
        var aborted = control(tollgate, TestTollgate.RELEASE_MANAGER_TOKEN, id, "abort", "wrong build");
        assertThat(aborted.json().path("state").asText()).isEqualTo("aborted");
        var done = Eventually(id, r -> r.path("flag").path("observedPercent").asText().equals("0"));

        assertThat(traffic.percent("cart")).isZero();
        assertThat(flags.percent("cart-v150")).isZero();
        assertThat(done.path("reason").path("message").asText()).isEqualTo("wrong build");
        var audit = tollgate.api().get("/v1/audit/events?subject=" + id + "&kind=release.transition&limit=500", TestTollgate.ADMIN_TOKEN).text();
        assertThat(audit).contains("release-manager-kim").contains("checking a dashboard").contains("\"event\":\"abort\"");
        assertThat(control(tollgate, TestTollgate.RELEASE_MANAGER_TOKEN, id, "resume", "too late").json().path("state").asText())
                .isEqualTo("aborted");
    }

    @Test
    void promote_skips_the_rest_of_the_bake_and_rollback_resets_both_adapters() {
        String id = started("search", "30s");

        var promoted = control(tollgate, TestTollgate.RELEASE_MANAGER_TOKEN, id, "promote", "canary-1 looks fine");
        assertThat(promoted.status()).as(promoted.text()).isEqualTo(200);
        Eventually(id, r -> r.path("state").asText().equals("baking") && r.path("stage").asText().equals("canary-5"));
        var rolled = control(tollgate, TestTollgate.RELEASE_MANAGER_TOKEN, id, "rollback", "latency up");
        assertThat(rolled.json().path("state").asText()).isEqualTo("rolled_back");

        Eventually(id, r -> r.path("traffic").path("observedCanaryWeight").asText().equals("0"));
        assertThat(traffic.percent("search")).isZero();
    }

    @Test
    void a_gate_deny_halts_with_the_policy_reasons() {
        // canary-1 then full jumps 4 stages; the policy allows at most 2.
        var body = aRelease("payments", stage("canary-1", 1, 1, "200ms"), stage("full", 100, 100, null));
        String id = create(tollgate, body).json().path("id").asText();

        var halted = awaitState(tollgate, id, "halted", Duration.ofSeconds(20)).json();

        assertThat(halted.path("reason").path("code").asText()).isEqualTo("gate_denied");
        assertThat(halted.path("reason").path("message").asText()).contains("stage_jump_too_large");
        assertThat(halted.path("appliedStage").asText()).isEqualTo("canary-1");
    }

    @Test
    void bad_input_is_refused_with_400_naming_the_field() {
        assertThat(create(tollgate, aRelease("a1", stage("canary-1", 1, 1, "5m"), stage("canary-5", 5, 5, "100000000h"),
                stage("full", 100, 100, null))).json().path("message").asText()).contains("at most 24h");
        assertField(aRelease("a1", stage("canary-1", 150, 1, "1s"), stage("full", 100, 100, null)), "strategy.stages[0].trafficPercent");
        assertField(aRelease("a1", stage("canary-1", 1, -1, "1s"), stage("full", 100, 100, null)), "strategy.stages[0].flagPercent");
        assertField(aRelease("a1", stage("canary-5", 5, 5, "1s"), stage("canary-1", 1, 1, "1s"), stage("full", 100, 100, null)),
                "strategy.stages[1].trafficPercent");
        assertField(aRelease("a1", stage("canary-1", 1, 1, null), stage("full", 100, 100, null)), "strategy.stages[0].bake");
        assertField(aRelease("a1", stage("canary-1", 1, 1, "soon"), stage("full", 100, 100, null)), "strategy.stages[0].bake");
        // A bake beyond 24h is a typo, and 100000000h (or ISO P99999999D) overflowed the bake clock: 400, not 201 or 500.
        for (String huge : new String[] {"100000000h", "999999999h", "P99999999D", "PT2562047788015215H", "25h"}) {
            assertField(aRelease("a1", stage("canary-1", 1, 1, "5m"), stage("canary-5", 5, 5, huge), stage("full", 100, 100, null)),
                    "strategy.stages[1].bake");
        }
        var unknownFlag = fourStages("a1", "1s");
        unknownFlag.withObject("flag").put("provider", "launchdarkly");
        assertField(unknownFlag, "flag.provider");
        var unknownRouter = fourStages("a1", "1s");
        unknownRouter.withObject("traffic").put("provider", "envoy");
        assertField(unknownRouter, "traffic.provider");
        var noRoute = fourStages("a1", "1s");
        noRoute.withObject("traffic").remove("route");
        assertField(noRoute, "traffic.route");
        var bothNames = fourStages("a1", "1s");
        bothNames.withObject("traffic").put("backend", "a1");
        assertField(bothNames, "traffic.backend");
        assertField(fourStages("a1", "1s").put("strategy", "yolo"), "strategy");
        var noChange = fourStages("a1", "1s");
        noChange.remove("change");
        assertField(noChange, "change");
    }

    @Test
    void traffic_backend_is_still_accepted_as_the_old_name_of_route() {
        var old = fourStages("legacy", "30s");
        var traffic = old.withObject("traffic");
        traffic.put("backend", traffic.remove("route").asText());
        var answer = create(tollgate, old);
        assertThat(answer.status()).as(answer.text()).isEqualTo(201);
    }

    @Test
    void a_second_active_release_of_a_service_is_409_and_an_unknown_id_404() {
        String id = started("inventory", "30s");

        var second = create(tollgate, fourStages("inventory", "30s"));
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().path("activeRelease").asText()).isEqualTo(id);
        assertThat(get(tollgate, UUID.randomUUID().toString()).status()).isEqualTo(404);
        assertThat(get(tollgate, "not-a-uuid").status()).isEqualTo(404);
        assertThat(control(tollgate, TestTollgate.RELEASE_MANAGER_TOKEN, UUID.randomUUID().toString(), "pause", "x").status()).isEqualTo(404);
        var list = tollgate.api().get("/v1/releases?service=inventory&state=baking", TestTollgate.VIEWER_TOKEN);
        assertThat(list.json().path("items")).hasSize(1);
        assertThat(tollgate.api().get("/v1/releases?state=cooking", TestTollgate.VIEWER_TOKEN).json().path("field").asText()).isEqualTo("state");
        control(tollgate, TestTollgate.RELEASE_MANAGER_TOKEN, id, "abort", "cleanup");
    }

    @Test
    void the_same_idempotency_key_and_body_answer_the_same_release_and_create_no_second() {
        var body = fourStages("ledger", "30s").toString();
        var headers = Map.of("Content-Type", "application/json", "Idempotency-Key", "pipeline-900-ledger");

        var first = tollgate.api().post("/v1/releases", TestTollgate.CI_TOKEN, body, headers);
        var second = tollgate.api().post("/v1/releases", TestTollgate.CI_TOKEN, body, headers);
        var other = tollgate.api().post("/v1/releases", TestTollgate.CI_TOKEN, fourStages("ledger", "31s").toString(), headers);

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.json().path("id").asText()).isEqualTo(first.json().path("id").asText());
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.json().path("code").asText()).isEqualTo("idempotency_key_reused");
        assertThat(tollgate.api().get("/v1/releases?service=ledger", TestTollgate.VIEWER_TOKEN).json().path("items")).hasSize(1);
        control(tollgate, TestTollgate.RELEASE_MANAGER_TOKEN, first.json().path("id").asText(), "abort", "cleanup");
    }

    private void assertField(com.fasterxml.jackson.databind.node.ObjectNode body, String field) {
        var answer = create(tollgate, body);
        assertThat(answer.status()).as(field + ": " + answer.text()).isEqualTo(400);
        assertThat(answer.json().path("field").asText()).as(answer.text()).isEqualTo(field);
    }

    private com.fasterxml.jackson.databind.JsonNode Eventually(String id, java.util.function.Predicate<com.fasterxml.jackson.databind.JsonNode> done) {
        return io.tollgate.testsupport.Eventually.await("release " + id, Duration.ofSeconds(20), () -> get(tollgate, id).json(), done);
    }
}
