package io.tollgate.override;

import static io.tollgate.support.Requests.aCheck;
import static io.tollgate.support.TestTollgate.ADMIN_TOKEN;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static io.tollgate.support.TestTollgate.RELEASE_MANAGER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.support.ApiClient;
import io.tollgate.support.TestTollgate;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Revoking an override goes through the policy like creating one (real service, embedded policy, PostgreSQL):
 * revoking a freeze loosens the gate, so the author of a change it holds may not, a production revocation needs a
 * ticket, and refusals are audited. The release manager's token subject is {@code release-manager-kim}; the
 * admin's is {@code platform-admin}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OverrideRevocationApiTest {
    private TestTollgate tollgate;
    private ApiClient api;

    @BeforeAll
    void start() {
        tollgate = TestTollgate.builder().freshDatabase("override_revocation").start();
        api = tollgate.api();
    }

    @AfterAll
    void stop() {
        tollgate.close();
    }

    private String freeze(String service, String environment) {
        var created = api.post("/v1/overrides", ADMIN_TOKEN, """
                {"scope":{"service":"%s","environment":"%s"},"effect":"freeze","reason":"provider incident"}"""
                .formatted(service, environment), Map.of("Content-Type", "application/json"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private ApiClient.Answer revoke(String id, String token, String body) {
        return api.delete("/v1/overrides/" + id, token, body);
    }

    private String outcome(String service, String author) {
        return api.check(CI_TOKEN, aCheck().service(service).stage("canary-1").author(author).json()).json().get("outcome").asText();
    }

    private static List<String> codes(JsonNode answer) {
        return StreamSupport.stream(answer.get("reasons").spliterator(), false).map(r -> r.get("code").asText()).toList();
    }

    @Test
    void the_author_of_a_held_change_may_not_revoke_the_freeze_under_any_case() {
        String id = freeze("payments", "production");
        // kim's change, written in capitals by the pipeline, is held by the admin's freeze.
        assertThat(outcome("payments", "RELEASE-MANAGER-KIM")).isEqualTo("hold");

        var refused = revoke(id, RELEASE_MANAGER_TOKEN, "{\"reason\":\"my hotfix must go out\",\"ticket\":\"INC-9\"}");

        assertThat(refused.status()).as(refused.text()).isEqualTo(403);
        assertThat(refused.json().get("code").asText()).isEqualTo("override_refused");
        assertThat(codes(refused.json())).containsExactly("override_own_change");
        assertThat(outcome("payments", "lee")).isEqualTo("hold");
        var audited = api.get("/v1/audit/events?kind=override.refused&subject=" + id, ADMIN_TOKEN).json().get("items");
        assertThat(audited).hasSize(1);
        assertThat(audited.get(0).toString()).contains("override_own_change", "\"action\":\"revoke\"", "RELEASE-MANAGER-KIM");

        var permitted = revoke(id, ADMIN_TOKEN, "{\"reason\":\"provider recovered\",\"ticket\":\"INC-9\"}");
        assertThat(permitted.status()).as(permitted.text()).isEqualTo(200);
        assertThat(outcome("payments", "lee")).isEqualTo("allow");
        assertThat(api.get("/v1/audit/verify", ADMIN_TOKEN).json().get("intact").asBoolean()).isTrue();
    }

    @Test
    void revoking_a_production_freeze_needs_a_ticket_and_the_refusal_is_audited() {
        String id = freeze("ledger", "production");

        var noTicket = revoke(id, ADMIN_TOKEN, "{\"reason\":\"provider recovered\"}");

        assertThat(noTicket.status()).as(noTicket.text()).isEqualTo(403);
        assertThat(codes(noTicket.json())).containsExactly("override_ticket_required");
        assertThat(noTicket.json().get("reasons").get(0).get("message").asText())
                .isEqualTo("revoking a freeze in production needs a ticket");
        assertThat(outcome("ledger", "dana")).isEqualTo("hold");
        assertThat(api.get("/v1/audit/events?kind=override.refused&subject=" + id, ADMIN_TOKEN).json().toString())
                .contains("override_ticket_required");

        var invisible = revoke(id, ADMIN_TOKEN, "{\"reason\":\"provider recovered\",\"ticket\":\"\\u200b\"}");
        assertThat(invisible.status()).as(invisible.text()).isEqualTo(400);
        assertThat(invisible.json().get("field").asText()).isEqualTo("ticket");

        assertThat(revoke(id, ADMIN_TOKEN, "{\"reason\":\"provider recovered\",\"ticket\":\"INC-10\"}").status()).isEqualTo(200);
        var revoked = api.get("/v1/audit/events?kind=override.revoked&subject=" + id, ADMIN_TOKEN).json().toString();
        assertThat(revoked).contains("INC-10", "\"action\":\"revoke\"");
    }

    @Test
    void revoking_a_staging_freeze_or_an_allow_needs_no_ticket() {
        String staging = freeze("search", "staging");
        assertThat(revoke(staging, RELEASE_MANAGER_TOKEN, "{\"reason\":\"over\"}").status()).isEqualTo(200);

        var allow = api.post("/v1/overrides", ADMIN_TOKEN, """
                {"scope":{"service":"search","environment":"production"},"effect":"allow","suppress":["approval_missing"],
                 "reason":"INC-3 hotfix","ticket":"INC-3","expiresAt":"2026-11-24T18:00:00Z"}""", Map.of("Content-Type", "application/json"));
        assertThat(allow.status()).as(allow.text()).isEqualTo(201);
        var revoked = revoke(allow.json().get("id").asText(), RELEASE_MANAGER_TOKEN, "{\"reason\":\"not needed\"}");
        assertThat(revoked.status()).as(revoked.text()).isEqualTo(200);
    }

    @Test
    void an_allow_override_by_the_authors_name_in_another_case_is_not_applied() {
        var created = api.post("/v1/overrides", RELEASE_MANAGER_TOKEN, """
                {"scope":{"service":"catalog","environment":"production"},"effect":"allow","suppress":["approval_missing"],
                 "reason":"own","ticket":"T-1","expiresAt":"2026-11-24T18:00:00Z"}""", Map.of("Content-Type", "application/json"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);

        for (String author : List.of("RELEASE-MANAGER-KIM", "Release-Manager-Kim", "release-manager-k\u0456m")) {
            var answer = api.check(CI_TOKEN, aCheck().service("catalog").author(author).approvals().json()).json();
            assertThat(answer.get("outcome").asText()).as(author).isEqualTo("deny");
            assertThat(codes(answer)).as(author).containsExactly("approval_missing", "override_not_applied");
        }
        var lees = api.check(CI_TOKEN, aCheck().service("catalog").author("lee").approvals().json()).json();
        assertThat(codes(lees)).startsWith("allowed_by_override");
    }
}
