package io.tollgate.override;

import io.tollgate.testsupport.MutableClock;
import static io.tollgate.support.Requests.aCheck;
import static io.tollgate.support.TestTollgate.ADMIN_TOKEN;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static io.tollgate.support.TestTollgate.RELEASE_MANAGER_TOKEN;
import static io.tollgate.support.TestTollgate.VIEWER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.support.ApiClient;
import io.tollgate.support.TestTollgate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Overrides on the real service (embedded policy, PostgreSQL): the policy decides whether one may be created, the
 * active ones change matching checks, expiry and revocation end them, and everything is in the audit chain.
 * The clock starts inside the shipped year-end freeze window, so production checks are denied with
 * freeze_window_active.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OverridesApiTest {
    private static final Instant IN_FREEZE = Instant.parse("2026-12-22T10:00:00Z");
    private final MutableClock clock = new MutableClock(IN_FREEZE);
    private TestTollgate tollgate;
    private ApiClient api;

    @BeforeAll
    void start() {
        tollgate = TestTollgate.builder().freshDatabase("overrides_api").clock(clock).start();
        api = tollgate.api();
    }

    @AfterAll
    void stop() {
        tollgate.close();
    }

    private static String allowFreeze(String extra) {
        return """
                {"scope":{"service":"checkout","environment":"production","version":"1.4.2"},
                 "effect":"allow","suppress":["freeze_window_active"],
                 "reason":"INC-2231 hotfix during the freeze","ticket":"INC-2231","expiresAt":"2026-12-22T18:00:00Z"%s}
                """.formatted(extra);
    }

    private ApiClient.Answer create(String token, String body) {
        return api.post("/v1/overrides", token, body, Map.of("Content-Type", "application/json"));
    }

    private static java.util.List<String> codes(JsonNode answer) {
        return StreamSupport.stream(answer.get("reasons").spliterator(), false).map(r -> r.get("code").asText()).toList();
    }

    @Test
    void an_allow_override_flips_only_the_suppressed_deny_and_ends_at_expiry() {
        clock.advance(Duration.ZERO);
        var denied = api.check(CI_TOKEN, aCheck().json());
        assertThat(denied.json().get("outcome").asText()).isEqualTo("deny");
        assertThat(codes(denied.json())).containsExactly("freeze_window_active");

        var created = create(RELEASE_MANAGER_TOKEN, allowFreeze(",\"labels\":[\"emergency\"]"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(id).startsWith("ov_");
        assertThat(created.json().get("createdBy").asText()).isEqualTo("release-manager-kim");

        var allowed = api.check(CI_TOKEN, aCheck().json());
        assertThat(allowed.json().get("outcome").asText()).as(allowed.text()).isEqualTo("allow");
        assertThat(codes(allowed.json())).containsExactly("allowed_by_override", "freeze_window_active");
        assertThat(allowed.json().get("reasons").get(0).get("message").asText()).isEqualTo("allowed by override " + id
                + " of release-manager-kim: INC-2231 hotfix during the freeze (suppressed: freeze_window_active)");

        // The recorded decision carries the override in its policy input: it replays from the input alone.
        var recorded = api.get("/v1/decisions/" + allowed.json().get("decisionId").asText(), ADMIN_TOKEN);
        assertThat(recorded.json().get("policyInput").get("overrides").get(0).get("id").asText()).isEqualTo(id);

        // Another version is out of scope; another reason is not suppressed.
        assertThat(api.check(CI_TOKEN, aCheck().json().put("version", "1.4.3")).json().get("outcome").asText()).isEqualTo("deny");
        var twoReasons = api.check(CI_TOKEN, aCheck().approvals().json());
        assertThat(twoReasons.json().get("outcome").asText()).isEqualTo("deny");
        assertThat(codes(twoReasons.json())).containsExactly("approval_missing", "freeze_window_active");

        clock.advance(Duration.ofHours(9));
        assertThat(api.check(CI_TOKEN, aCheck().json()).json().get("outcome").asText()).isEqualTo("deny");
        assertThat(api.get("/v1/overrides?active=true&service=checkout", VIEWER_TOKEN).json().get("items")).isEmpty();
        assertThat(api.get("/v1/overrides?service=checkout", VIEWER_TOKEN).json().get("items").toString()).contains(id);
        clock.advance(Duration.ofHours(-9));
        assertThat(verify().get("intact").asBoolean()).isTrue();
    }

    @Test
    void the_policy_refuses_overrides_with_its_reasons_and_the_refusal_is_audited() {
        var noEmergency = create(RELEASE_MANAGER_TOKEN, allowFreeze(""));
        assertThat(noEmergency.status()).isEqualTo(403);
        assertThat(noEmergency.json().get("code").asText()).isEqualTo("override_refused");
        assertThat(codes(noEmergency.json())).containsExactly("override_needs_emergency_label");

        var noTicket = create(RELEASE_MANAGER_TOKEN, allowFreeze(",\"labels\":[\"emergency\"]").replace("\"ticket\":\"INC-2231\",", ""));
        assertThat(codes(noTicket.json())).containsExactly("override_ticket_required");

        var tooLong = create(RELEASE_MANAGER_TOKEN, allowFreeze(",\"labels\":[\"emergency\"]").replace("2026-12-22T18:00:00Z", "2026-12-23T10:00:01Z"));
        assertThat(codes(tooLong.json())).containsExactly("override_expiry_too_long");

        var never = create(RELEASE_MANAGER_TOKEN, allowFreeze(",\"labels\":[\"emergency\"]").replace("\"freeze_window_active\"", "\"policy_unavailable\""));
        assertThat(codes(never.json())).containsExactly("override_not_overridable");

        var refusals = api.get("/v1/audit/events?kind=override.refused&limit=50", ADMIN_TOKEN);
        assertThat(refusals.json().toString()).contains("override_needs_emergency_label", "override_ticket_required",
                "override_expiry_too_long", "override_not_overridable");
    }

    @Test
    void a_freeze_holds_every_check_until_revoked_and_revocation_is_audited() {
        var freeze = create(RELEASE_MANAGER_TOKEN, """
                {"scope":{"service":"payments","environment":"staging"},"effect":"freeze","reason":"provider incident"}""");
        assertThat(freeze.status()).as(freeze.text()).isEqualTo(201);
        String id = freeze.json().get("id").asText();
        var held = api.check(CI_TOKEN, aCheck().service("payments").environment("staging").json());
        assertThat(held.json().get("outcome").asText()).isEqualTo("hold");
        assertThat(held.json().get("reasons").get(0).get("message").asText())
                .isEqualTo("staging is frozen by override " + id + " of release-manager-kim: provider incident");

        assertThat(api.delete("/v1/overrides/" + id, CI_TOKEN, "{\"reason\":\"x\"}").status()).isEqualTo(403);
        assertThat(api.delete("/v1/overrides/" + id, RELEASE_MANAGER_TOKEN, "{}").json().get("field").asText()).isEqualTo("reason");
        var revoked = api.delete("/v1/overrides/" + id, RELEASE_MANAGER_TOKEN, "{\"reason\":\"incident over\"}");
        assertThat(revoked.status()).as(revoked.text()).isEqualTo(200);
        assertThat(revoked.json().get("revokedBy").asText()).isEqualTo("release-manager-kim");
        assertThat(api.check(CI_TOKEN, aCheck().service("payments").environment("staging").json()).json().get("outcome").asText())
                .isEqualTo("allow");
        assertThat(api.delete("/v1/overrides/" + id, RELEASE_MANAGER_TOKEN, "{\"reason\":\"again\"}").status()).isEqualTo(409);
        assertThat(api.delete("/v1/overrides/ov_nope", RELEASE_MANAGER_TOKEN, "{\"reason\":\"x\"}").status()).isEqualTo(404);
        assertThat(api.get("/v1/audit/events?kind=override.revoked&subject=" + id, ADMIN_TOKEN).json().toString())
                .contains("incident over");
        assertThat(verify().get("intact").asBoolean()).isTrue();
    }

    @Test
    void an_override_by_the_changes_author_is_not_applied() {
        var created = create(RELEASE_MANAGER_TOKEN, """
                {"scope":{"service":"search","environment":"production"},"effect":"allow","suppress":["freeze_window_active"],
                 "reason":"own","ticket":"T-1","labels":["emergency"],"expiresAt":"2026-12-22T12:00:00Z"}""");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        var answer = api.check(CI_TOKEN, aCheck().service("search").author("release-manager-kim").approvals("lee").json());
        assertThat(answer.json().get("outcome").asText()).isEqualTo("deny");
        assertThat(codes(answer.json())).containsExactly("freeze_window_active", "override_not_applied");
    }

    @Test
    void only_release_managers_and_admins_create_overrides() {
        assertThat(create(CI_TOKEN, allowFreeze("")).status()).isEqualTo(403);
        assertThat(create(VIEWER_TOKEN, allowFreeze("")).status()).isEqualTo(403);
        assertThat(api.get("/v1/overrides", VIEWER_TOKEN).status()).isEqualTo(200);
        assertThat(api.get("/v1/overrides", CI_TOKEN).status()).isEqualTo(403);
    }

    @Test
    void bad_requests_name_the_field() {
        assertField(allowFreeze("").replace("\"suppress\":[\"freeze_window_active\"],", ""), "suppress");
        assertField(allowFreeze("").replace("2026-12-22T18:00:00Z", "2026-12-01T00:00:00Z"), "expiresAt");
        assertField(allowFreeze("").replace("2026-12-22T18:00:00Z", "tomorrow"), "expiresAt");
        assertField(allowFreeze("").replace("\"allow\"", "\"maybe\""), "effect");
        assertField(allowFreeze("").replace("\"freeze_window_active\"", "\"Not A Code\""), "suppress[0]");
        assertField("{\"effect\":\"freeze\",\"reason\":\"x\"}", "scope");
        assertField("{\"scope\":{\"release\":\"not-a-uuid\"},\"effect\":\"freeze\",\"reason\":\"x\"}", "scope.release");
        assertField("{\"scope\":{\"service\":\"a\",\"environment\":\"b\",\"team\":\"x\"},\"effect\":\"freeze\",\"reason\":\"x\"}", "scope.team");
        assertField("{\"scope\":{\"service\":\"a\",\"environment\":\"b\"},\"effect\":\"freeze\",\"reason\":\"  \"}", "reason");
        assertField("{\"scope\":{\"service\":\"a\",\"environment\":\"b\"},\"effect\":\"freeze\",\"reason\":\"x\",\"suppress\":[\"a\"]}", "suppress");
        assertThat(api.get("/v1/overrides?active=maybe", VIEWER_TOKEN).json().get("field").asText()).isEqualTo("active");
    }

    private void assertField(String body, String field) {
        var answer = create(RELEASE_MANAGER_TOKEN, body);
        assertThat(answer.status()).as(answer.text()).isEqualTo(400);
        assertThat(answer.json().get("field").asText()).as(answer.text()).isEqualTo(field);
    }

    private JsonNode verify() {
        return api.get("/v1/audit/verify", ADMIN_TOKEN).json();
    }
}
