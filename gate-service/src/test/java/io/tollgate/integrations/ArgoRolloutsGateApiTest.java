package io.tollgate.integrations;

import static io.tollgate.integrations.ControllerRequests.argoGate;
import static io.tollgate.support.Requests.aCheck;
import static io.tollgate.support.TestTollgate.ADMIN_TOKEN;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static io.tollgate.support.TestTollgate.VIEWER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.support.ApiClient;
import io.tollgate.support.TestTollgate;
import io.tollgate.testsupport.MutableClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code POST /v1/integrations/argo-rollouts/gate} through the real server (embedded policy, PostgreSQL audit log):
 * every verdict a 200, each a recorded gate decision, idempotent for a retried measurement.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArgoRolloutsGateApiTest {
    private static final String GATE = "/v1/integrations/argo-rollouts/gate";
    private final MutableClock clock = new MutableClock(TestTollgate.DEFAULT_NOW);
    private TestTollgate tollgate;
    private ApiClient api;

    @BeforeAll
    void start() {
        tollgate = TestTollgate.builder().freshDatabase("argo_gate").clock(clock).start();
        api = tollgate.api();
    }

    @AfterAll
    void stop() {
        tollgate.close();
    }

    private ApiClient.Answer gate(String token, Object body) {
        return api.post(GATE, token, body.toString(), Map.of("Content-Type", "application/json"));
    }

    @Test
    void passes_an_allowed_check_and_records_it_as_a_gate_decision_with_the_rollout() {
        var answer = gate(CI_TOKEN, argoGate(aCheck(), "checkout", "6f8d9c7b5"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("verdict").asText()).isEqualTo("pass");
        assertThat(answer.json().get("outcome").asText()).isEqualTo("allow");
        assertThat(answer.json().get("replayed").asBoolean()).isFalse();
        var stored = api.get("/v1/decisions/" + answer.json().get("decisionId").asText(), ADMIN_TOKEN).json();
        assertThat(stored.get("outcome").asText()).isEqualTo("allow");
        assertThat(stored.get("actor").asText()).isEqualTo("ci-pipeline");
        assertThat(stored.get("request").get("rollout").get("podTemplateHash").asText()).isEqualTo("6f8d9c7b5");
        assertThat(stored.get("stage").asText()).isEqualTo("canary-5");
    }

    @Test
    void fails_a_denied_check_with_the_policy_reasons_and_still_answers_200() {
        var answer = gate(CI_TOKEN, argoGate(aCheck().approvals(), "checkout-denied", "6f8d9c7b5"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("verdict").asText()).isEqualTo("fail");
        assertThat(answer.json().get("outcome").asText()).isEqualTo("deny");
        assertThat(answer.json().get("reasons").get(0).get("code").asText()).isEqualTo("approval_missing");
    }

    @Test
    void answers_inconclusive_while_a_freeze_override_holds_and_pass_once_it_is_revoked() {
        var created = api.post("/v1/overrides", ADMIN_TOKEN, """
                {"scope":{"service":"search","environment":"production"},"effect":"freeze","reason":"incident"}""",
                Map.of("Content-Type", "application/json"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);

        var held = gate(CI_TOKEN, argoGate(aCheck().service("search"), "search", "aa11"));
        assertThat(held.json().get("verdict").asText()).isEqualTo("inconclusive");
        assertThat(held.json().get("outcome").asText()).isEqualTo("hold");
        assertThat(held.json().get("reasons").get(0).get("code").asText()).isEqualTo("frozen_by_override");

        var revoked = api.delete("/v1/overrides/" + created.json().get("id").asText(), ADMIN_TOKEN,
                "{\"reason\":\"incident over\",\"ticket\":\"INC-7\"}");
        assertThat(revoked.status()).as(revoked.text()).isEqualTo(200);
        clock.advance(ControllerGate.WINDOW.plusSeconds(1));
        var resumed = gate(CI_TOKEN, argoGate(aCheck().service("search"), "search", "aa11"));
        assertThat(resumed.json().get("verdict").asText()).isEqualTo("pass");
    }

    @Test
    void a_retried_measurement_gets_the_same_decision_and_records_nothing_new() {
        var body = argoGate(aCheck().service("cart"), "cart", "7c9f");
        var first = gate(CI_TOKEN, body).json();
        clock.advance(Duration.ofSeconds(5));
        var retry = gate(CI_TOKEN, body).json();
        var otherHash = gate(CI_TOKEN, argoGate(aCheck().service("cart"), "cart", "8d0a")).json();
        var otherStage = gate(CI_TOKEN, argoGate(aCheck().service("cart").stage("canary-25").previousStage("canary-5"), "cart", "7c9f")).json();

        assertThat(retry.get("decisionId").asText()).isEqualTo(first.get("decisionId").asText());
        assertThat(retry.get("replayed").asBoolean()).isTrue();
        assertThat(otherHash.get("decisionId").asText()).isNotEqualTo(first.get("decisionId").asText());
        assertThat(otherStage.get("decisionId").asText()).isNotEqualTo(first.get("decisionId").asText());
        assertThat(recordedFor("cart")).isEqualTo(3);

        clock.advance(ControllerGate.WINDOW);
        var later = gate(CI_TOKEN, body).json();
        assertThat(later.get("decisionId").asText()).as("a new measurement after the window").isNotEqualTo(first.get("decisionId").asText());
        assertThat(later.get("replayed").asBoolean()).isFalse();
    }

    @Test
    void names_the_field_of_a_malformed_request_with_a_400() {
        var noRollout = gate(CI_TOKEN, aCheck().json());
        var noHash = argoGate(aCheck(), "checkout", "x");
        ((com.fasterxml.jackson.databind.node.ObjectNode) noHash.get("rollout")).remove("podTemplateHash");
        var badName = argoGate(aCheck(), "Checkout_UPPER", "x");
        var dryRun = argoGate(aCheck().dryRun(true), "checkout", "x");
        var missingFact = argoGate(aCheck(), "checkout", "x");
        missingFact.remove("environment");

        assertThat(noRollout.status()).isEqualTo(400);
        assertThat(noRollout.json().get("field").asText()).isEqualTo("rollout");
        assertThat(field(gate(CI_TOKEN, noHash))).isEqualTo("rollout.podTemplateHash");
        assertThat(field(gate(CI_TOKEN, badName))).isEqualTo("rollout.name");
        assertThat(field(gate(CI_TOKEN, dryRun))).isEqualTo("dryRun");
        assertThat(field(gate(CI_TOKEN, missingFact))).isEqualTo("environment");
    }

    @Test
    void needs_a_token_that_may_run_gate_checks() {
        var body = argoGate(aCheck(), "checkout", "x");

        assertThat(gate(null, body).status()).isEqualTo(401);
        assertThat(gate(VIEWER_TOKEN, body).status()).isEqualTo(403);
    }

    private static String field(ApiClient.Answer answer) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(400);
        return answer.json().get("field").asText();
    }

    private long recordedFor(String service) {
        JsonNode page = api.get("/v1/decisions?service=" + service, ADMIN_TOKEN).json();
        return page.get("items").size();
    }
}
