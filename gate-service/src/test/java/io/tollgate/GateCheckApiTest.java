package io.tollgate;

import static io.tollgate.support.Requests.aCheck;
import static io.tollgate.support.TestTollgate.ADMIN_TOKEN;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.support.TestTollgate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Gate checks end to end: HTTP → real policies in the Wasm engine → real PostgreSQL audit log. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GateCheckApiTest {
    private TestTollgate tollgate;

    @BeforeAll
    void start() {
        tollgate = TestTollgate.builder().freshDatabase("gate_check").start();
    }

    @AfterAll
    void stop() {
        tollgate.close();
    }

    @Test
    void allows_the_readme_example_and_answers_every_documented_field() {
        var answer = tollgate.api().check(CI_TOKEN, aCheck().json());

        assertThat(answer.status()).isEqualTo(200);
        JsonNode body = answer.json();
        assertThat(body.get("outcome").asText()).isEqualTo("allow");
        assertThat(body.get("decisionId").asText()).matches("[0-9a-f-]{36}");
        assertThat(body.get("reasons")).isNotEmpty();
        assertThat(body.get("reasons").get(0).get("code").asText()).isEqualTo("all_checks_passed");
        assertThat(body.get("policyRevision").asText()).startsWith("sha256:");
        assertThat(body.get("evaluatedAt").asText()).isEqualTo("2026-11-24T10:00:00Z");
        assertThat(body.get("traceId").asText()).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
        assertThat(body.get("dryRun").asBoolean()).isFalse();
    }

    @Test
    void denies_production_stage_beyond_first_canary_without_independent_approval() {
        var selfApproved = tollgate.api().check(CI_TOKEN, aCheck().approvals("dana").json()).json();
        var unapproved = tollgate.api().check(CI_TOKEN, aCheck().approvals().json()).json();

        assertThat(selfApproved.get("outcome").asText()).isEqualTo("deny");
        assertThat(codes(selfApproved)).containsExactly("approval_missing");
        assertThat(codes(unapproved)).containsExactly("approval_missing");
        assertThat(unapproved.get("reasons").get(0).get("message").asText()).contains("dana");
    }

    @Test
    void denies_self_approval_under_a_look_alike_name() {
        var cyrillic = tollgate.api().check(CI_TOKEN, aCheck().approvals("d\u0430na").json()).json();
        var fullwidth = tollgate.api().check(CI_TOKEN, aCheck().approvals("\uff24\uff21\uff2e\uff21").json()).json();
        var withIndependent = tollgate.api().check(CI_TOKEN, aCheck().approvals("d\u0430na", "lee").json()).json();

        assertThat(codes(cyrillic)).containsExactly("approval_missing");
        assertThat(codes(fullwidth)).containsExactly("approval_missing");
        assertThat(withIndependent.get("outcome").asText()).isEqualTo("allow");
        var stored = tollgate.api().get("/v1/decisions/" + fullwidth.get("decisionId").asText(), ADMIN_TOKEN).json();
        assertThat(stored.get("request").get("change").get("approvals").get(0).asText()).isEqualTo("\uff24\uff21\uff2e\uff21");
        assertThat(stored.get("policyInput").get("change").get("approvals").get(0).asText()).isEqualTo("DANA");
        assertThat(stored.get("policyInput").get("change").get("approvalSkeletons").get(0).asText()).isEqualTo("dana");
    }

    @Test
    void denies_an_unknown_environment_naming_the_known_ones() {
        var answer = tollgate.api().check(CI_TOKEN, aCheck().environment("prod").json()).json();

        assertThat(codes(answer)).containsExactly("unknown_environment");
        assertThat(answer.get("reasons").get(0).get("message").asText())
                .isEqualTo("environment \"prod\" is not a known environment; known environments: development, staging, production");
    }

    @Test
    void allows_first_canary_and_non_production_stages_without_approval() {
        var firstCanary = tollgate.api().check(CI_TOKEN, aCheck().stage("canary-1").approvals().json()).json();
        var staging = tollgate.api().check(CI_TOKEN, aCheck().environment("staging").approvals().json()).json();

        assertThat(firstCanary.get("outcome").asText()).isEqualTo("allow");
        assertThat(staging.get("outcome").asText()).isEqualTo("allow");
    }

    @Test
    void denies_a_stage_jump_larger_than_the_configured_maximum() {
        var jump = tollgate.api().check(CI_TOKEN, aCheck().previousStage("canary-1").stage("full").json()).json();
        var small = tollgate.api().check(CI_TOKEN, aCheck().previousStage("canary-5").stage("canary-25").json()).json();

        assertThat(codes(jump)).containsExactly("stage_jump_too_large");
        assertThat(small.get("outcome").asText()).isEqualTo("allow");
    }

    @Test
    void denies_an_unknown_stage_naming_the_known_ones() {
        var body = tollgate.api().check(CI_TOKEN, aCheck().stage("canary-7").json()).json();

        assertThat(codes(body)).containsExactly("unknown_stage");
        assertThat(body.get("reasons").get(0).get("message").asText()).contains("canary-25");
    }

    @Test
    void denies_production_changes_inside_a_freeze_window_but_not_staging() {
        try (var frozen = TestTollgate.builder().freshDatabase("gate_freeze").now(Instant.parse("2026-12-24T12:00:00Z")).start()) {
            var prod = frozen.api().check(CI_TOKEN, aCheck().json()).json();
            var staging = frozen.api().check(CI_TOKEN, aCheck().environment("staging").json()).json();

            assertThat(prod.get("outcome").asText()).isEqualTo("deny");
            assertThat(codes(prod)).contains("freeze_window_active");
            assertThat(staging.get("outcome").asText()).isEqualTo("allow");
        }
    }

    @Test
    void reports_every_applicable_deny_reason_at_once() {
        var body = tollgate.api().check(CI_TOKEN, aCheck().stage("full").approvals().json()).json();

        assertThat(codes(body)).containsExactlyInAnyOrder("approval_missing", "stage_jump_too_large");
    }

    @Test
    void records_a_dry_run_marked_as_such() {
        var answer = tollgate.api().check(CI_TOKEN, aCheck().dryRun(true).json()).json();
        var stored = tollgate.api().get("/v1/decisions/" + answer.get("decisionId").asText(), ADMIN_TOKEN).json();

        assertThat(answer.get("dryRun").asBoolean()).isTrue();
        assertThat(answer.get("outcome").asText()).isEqualTo("allow");
        assertThat(stored.get("dryRun").asBoolean()).isTrue();
        assertThat(stored.get("policyInput").get("dryRun").asBoolean()).isTrue();
    }

    @Test
    void stored_decision_equals_the_answer_and_holds_the_exact_policy_input() {
        var request = aCheck().previousStage("canary-1").json();
        var answer = tollgate.api().check(CI_TOKEN, request).json();

        var stored = tollgate.api().get("/v1/decisions/" + answer.get("decisionId").asText(), ADMIN_TOKEN);

        assertThat(stored.status()).isEqualTo(200);
        var body = stored.json();
        for (String field : List.of("decisionId", "outcome", "reasons", "policyRevision", "evaluatedAt", "traceId", "dryRun")) {
            assertThat(body.get(field)).as(field).isEqualTo(answer.get(field));
        }
        assertThat(body.get("request")).isEqualTo(request);
        assertThat(body.get("actor").asText()).isEqualTo("ci-pipeline");
        JsonNode input = body.get("policyInput");
        assertThat(input.get("now").asText()).isEqualTo("2026-11-24T10:00:00Z");
        assertThat(input.get("release").get("service").asText()).isEqualTo("checkout");
        assertThat(input.get("release").get("previousStage").asText()).isEqualTo("canary-1");
        assertThat(input.get("change").get("approvals").get(0).asText()).isEqualTo("lee");
        assertThat(input.get("change").get("authorSkeleton").asText()).isEqualTo("dana");
        assertThat(input.get("change").get("approvalSkeletons").get(0).asText()).isEqualTo("lee");
        assertThat(input.get("actor").get("subject").asText()).isEqualTo("ci-pipeline");
        assertThat(body.get("audit").get("hash").asText()).hasSize(64);
    }

    @Test
    void continues_the_callers_trace_when_a_traceparent_is_sent() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        var answer = tollgate.api().post("/v1/gates/check", CI_TOKEN, aCheck().toString(), Map.of(
                "Content-Type", "application/json", "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));

        assertThat(answer.json().get("traceId").asText()).isEqualTo(traceId);
    }

    @Test
    void exports_a_check_span_with_policy_and_audit_children_under_the_answered_trace_id() {
        var answer = tollgate.api().check(CI_TOKEN, aCheck().json()).json();
        String traceId = answer.get("traceId").asText();

        var spans = tollgate.spans().getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
        var root = spans.stream().filter(s -> s.getName().equals("gate.check")).findFirst().orElseThrow();
        assertThat(spans).extracting(s -> s.getName()).contains("gate.check", "policy.evaluate", "audit.append");
        assertThat(spans.stream().filter(s -> !s.getName().equals("gate.check")))
                .allSatisfy(child -> assertThat(child.getParentSpanId()).isEqualTo(root.getSpanId()));
    }

    private static List<String> codes(JsonNode body) {
        var out = new ArrayList<String>();
        body.get("reasons").forEach(r -> out.add(r.get("code").asText()));
        return out;
    }
}
