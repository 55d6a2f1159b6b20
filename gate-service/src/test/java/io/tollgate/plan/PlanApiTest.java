package io.tollgate.plan;

import static io.tollgate.plan.PlanFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.release.FakeFlagRollout;
import io.tollgate.release.FakeTrafficRouter;
import io.tollgate.support.TestTollgate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POST /v1/release-plans: every bad field named, conflicts, idempotency and roles (real PostgreSQL and policy). */
class PlanApiTest {
    private static final FakeFlagRollout FLAGS = new FakeFlagRollout();
    private static final FakeTrafficRouter TRAFFIC = new FakeTrafficRouter();
    private static TestTollgate tollgate;

    @BeforeAll
    static void start() {
        tollgate = TestTollgate.builder().freshDatabase("plan_api").releases(wiring(FLAGS, TRAFFIC, service -> List.of())).start();
    }

    @AfterAll
    static void stop() {
        tollgate.close();
    }

    private static void assertBadRequest(ObjectNode body, String field, String messagePart) {
        var answer = create(tollgate, body);
        assertThat(answer.status()).as(answer.text()).isEqualTo(400);
        assertThat(answer.json().path("field").asText()).as(answer.text()).isEqualTo(field);
        assertThat(answer.json().path("message").asText()).contains(messagePart);
    }

    private static ObjectNode threeServices() {
        return aPlan("checkout-v2", "production", entry("inventory", "5m"), entry("payments", "5m", "inventory"),
                entry("checkout", "5m", "payments"));
    }

    @Test
    void each_release_is_validated_like_a_release_request_with_the_field_named_under_its_index() {
        var body = threeServices();
        ((ObjectNode) body.path("releases").get(2)).put("strategy", "no-such-strategy");
        assertBadRequest(body, "releases[2].strategy", "no strategy named \"no-such-strategy\"");

        body = threeServices();
        ((ObjectNode) body.path("releases").get(1).path("strategy").path("stages").get(1)).put("trafficPercent", 0);
        assertBadRequest(body, "releases[1].strategy.stages[1].trafficPercent", "");

        body = threeServices();
        ((ObjectNode) body.path("releases").get(0).path("flag")).put("provider", "nope");
        assertBadRequest(body, "releases[0].flag.provider", "unknown flag provider");

        body = threeServices();
        ((ObjectNode) body.path("releases").get(1)).remove("version");
        assertBadRequest(body, "releases[1].version", "");

        body = threeServices();
        ((ObjectNode) body.path("releases").get(1)).put("colour", "blue");
        assertBadRequest(body, "releases[1].colour", "unknown field");

        assertBadRequest(threeServices().put("environment", "prod uction"), "environment", "");
        assertBadRequest(threeServices().put("maxParallel", 0), "maxParallel", "1 to 100");
        body = threeServices();
        body.remove("name");
        assertBadRequest(body, "name", "required");
        assertBadRequest(aPlan("empty", "production"), "releases", "1-100 releases");
    }

    @Test
    void a_cycle_unknown_or_duplicate_keys_and_a_bad_start_when_are_400s_naming_them() {
        var cycle = aPlan("cycle", "production", entry("inventory", "5m", "payments"), entry("payments", "5m", "inventory"));
        assertBadRequest(cycle, "releases", "cycle inventory -> payments -> inventory");

        assertBadRequest(aPlan("unknown", "production", entry("inventory", "5m"), entry("payments", "5m", "inventry")),
                "releases[1].dependsOn[0]", "unknown key \"inventry\"");
        var duplicate = aPlan("dup", "production", entry("inventory", "5m"), entry("inventory", "5m"));
        assertBadRequest(duplicate, "releases[1].key", "duplicate key");
        var sameService = aPlan("dup", "production", entry("inventory", "5m"), entry("inventory", "5m").put("key", "stock"));
        assertBadRequest(sameService, "releases[1].service", "already released by \"inventory\"");

        var stage = aPlan("stage", "production", entry("payments", "5m"), entry("checkout", "5m", "payments").put("startWhen", "canary-50"));
        assertBadRequest(stage, "releases[1].startWhen", "dependency \"payments\" has no stage \"canary-50\"");
        var alone = aPlan("alone", "production", entry("payments", "5m").put("startWhen", "canary-25"));
        assertBadRequest(alone, "releases[0].startWhen", "no dependsOn");
    }

    @Test
    void a_service_with_an_active_release_is_a_409_naming_it_and_the_same_idempotency_key_answers_the_same_plan() {
        var release = entry("ledger", "5m");
        release.remove(List.of("key", "dependsOn"));
        release.put("environment", "staging");
        var active = tollgate.api().post("/v1/releases", TestTollgate.CI_TOKEN, release.toString(), Map.of("Content-Type", "application/json"));
        assertThat(active.status()).as(active.text()).isEqualTo(201);

        var conflict = create(tollgate, aPlan("ledger-v2", "staging", entry("ledger", "5m")));
        assertThat(conflict.status()).as(conflict.text()).isEqualTo(409);
        assertThat(conflict.json().path("code").asText()).isEqualTo("release_active");
        assertThat(conflict.json().path("activeRelease").asText()).isEqualTo(active.json().path("id").asText());

        var body = aPlan("notes-v2", "development", entry("notes", "5m").put("startWhen", (String) null)).put("dryRun", true);
        var first = create(tollgate, TestTollgate.CI_TOKEN, body, Map.of("Idempotency-Key", "pipeline-77"));
        var again = create(tollgate, TestTollgate.CI_TOKEN, body, Map.of("Idempotency-Key", "pipeline-77"));
        assertThat(first.status()).as(first.text()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.json().path("id").asText()).isEqualTo(first.json().path("id").asText());
        var other = create(tollgate, TestTollgate.CI_TOKEN, body.put("name", "other"), Map.of("Idempotency-Key", "pipeline-77"));
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.json().path("code").asText()).isEqualTo("idempotency_key_reused");
    }

    @Test
    void ci_starts_plans_viewers_read_them_and_only_release_managers_control_them_409_naming_the_state() {
        var body = aPlan("search-v2", "development", entry("search", "5m")).put("dryRun", true);
        assertThat(create(tollgate, TestTollgate.VIEWER_TOKEN, body, Map.of()).status()).isEqualTo(403);
        var created = create(tollgate, TestTollgate.RELEASE_MANAGER_TOKEN, body, Map.of());
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.json().path("id").asText();
        assertThat(created.header("Location")).isEqualTo("/v1/release-plans/" + id);
        var done = awaitState(tollgate, id, "completed", Duration.ofSeconds(20));
        assertThat(done.path("reason").path("code").asText()).isEqualTo("dry_run_complete");

        assertThat(control(tollgate, TestTollgate.CI_TOKEN, id, "abort", "no").status()).isEqualTo(403);
        var refused = control(tollgate, TestTollgate.RELEASE_MANAGER_TOKEN, id, "pause", "too late");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("code").asText()).isEqualTo("invalid_state");
        assertThat(refused.json().path("state").asText()).isEqualTo("completed");
        var noReason = tollgate.api().post("/v1/release-plans/" + id + "/abort", TestTollgate.RELEASE_MANAGER_TOKEN, "{}",
                Map.of("Content-Type", "application/json"));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.json().path("field").asText()).isEqualTo("reason");

        var listed = tollgate.api().get("/v1/release-plans?state=completed", TestTollgate.VIEWER_TOKEN);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().path("items").findValuesAsText("id")).contains(id);
        assertThat(tollgate.api().get("/v1/release-plans?state=done", TestTollgate.VIEWER_TOKEN).json().path("field").asText()).isEqualTo("state");
        assertThat(get(tollgate, "00000000-0000-0000-0000-000000000000").status()).isEqualTo(404);
    }
}
