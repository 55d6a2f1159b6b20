package io.tollgate.integrations;

import static io.tollgate.integrations.ControllerRequests.flaggerMetadata;
import static io.tollgate.integrations.ControllerRequests.flaggerPayload;
import static io.tollgate.support.TestTollgate.ADMIN_TOKEN;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.json.Json;
import io.tollgate.support.TestTollgate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Flagger's webhooks against the real server (embedded policy, PostgreSQL audit log), with the requests Flagger's
 * controller sends (pkg/controller/webhook.go): a POST of {@code CanaryWebhookPayload} as JSON, Content-Type
 * application/json, no header of its own; the token as Basic credentials from the webhook URL's user info (what
 * Go's HTTP client does with {@code http://flagger:<token>@host/...}). Flagger itself needs a mesh or an ingress to
 * run, so this tests the contract on its request shapes, not Flagger.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlaggerWebhookContractTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private TestTollgate tollgate;

    @BeforeAll
    void start() {
        tollgate = TestTollgate.builder().freshDatabase("flagger_hooks").start();
    }

    @AfterAll
    void stop() {
        tollgate.close();
    }

    record Answer(int status, JsonNode json) {
    }

    /** As Flagger's callWebhook: POST, JSON body, Content-Type application/json, Basic credentials from the URL. */
    private Answer hook(TestTollgate server, String hook, String payload) {
        var basic = Base64.getEncoder().encodeToString(("flagger:" + CI_TOKEN).getBytes(StandardCharsets.UTF_8));
        var request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/integrations/flagger/" + hook))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(payload)).build();
        try {
            var res = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(res.statusCode(), Json.mapper().readTree(res.body()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Answer hook(String hook, String payload) {
        return hook(tollgate, hook, payload);
    }

    @Test
    void every_gate_hook_proceeds_with_200_on_allow_and_records_a_decision_keyed_by_canary_and_checksum() {
        for (var hook : new String[]{"confirm-rollout", "pre-rollout", "rollout", "confirm-traffic-increase", "confirm-promotion", "post-rollout"}) {
            var answer = hook(hook, flaggerPayload("podinfo", "Progressing", "5d8f9" + hook.length(), flaggerMetadata()));

            assertThat(answer.status()).as(hook + ": " + answer.json()).isEqualTo(200);
            assertThat(answer.json().get("outcome").asText()).isEqualTo("allow");
            var stored = tollgate.api().get("/v1/decisions/" + answer.json().get("decisionId").asText(), ADMIN_TOKEN).json();
            assertThat(stored.get("request").get("hook").asText()).isEqualTo(hook);
            assertThat(stored.get("request").get("canary").asText()).isEqualTo("podinfo.shop");
            assertThat(stored.get("request").get("checksum").asText()).isEqualTo("5d8f9" + hook.length());
            assertThat(stored.get("request").get("payload").get("metadata").get("commit").asText()).isEqualTo("9f2c1e7");
            assertThat(stored.get("policyInput").get("change").get("approvals").get(0).asText()).isEqualTo("lee");
        }
    }

    @Test
    void halts_with_403_and_the_reasons_when_the_policy_denies() {
        var metadata = flaggerMetadata();
        metadata.put("approvals", "");

        var answer = hook("confirm-promotion", flaggerPayload("podinfo", "WaitingPromotion", "a1b2", metadata));

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.json().get("outcome").asText()).isEqualTo("deny");
        assertThat(answer.json().get("reasons").get(0).get("code").asText()).isEqualTo("approval_missing");
        assertThat(answer.json().get("canary").asText()).isEqualTo("podinfo.shop");
    }

    @Test
    void splits_comma_separated_approvals_and_labels() {
        var metadata = flaggerMetadata();
        metadata.put("approvals", "dana, lee ,");
        metadata.put("labels", "security-fix,hotfix");

        var answer = hook("confirm-rollout", flaggerPayload("split", "Progressing", "c3d4", metadata));

        var stored = tollgate.api().get("/v1/decisions/" + answer.json().get("decisionId").asText(), ADMIN_TOKEN).json();
        assertThat(stored.get("policyInput").get("change").get("approvals")).hasSize(2);
        assertThat(stored.get("policyInput").get("change").get("labels").toString()).isEqualTo("[\"security-fix\",\"hotfix\"]");
    }

    @Test
    void a_missing_or_bad_fact_is_a_400_naming_the_metadata_key() {
        for (var key : new String[]{"service", "version", "environment", "stage", "commit", "pipeline", "author"}) {
            var metadata = flaggerMetadata();
            metadata.remove(key);

            var answer = hook("confirm-rollout", flaggerPayload("podinfo", "Progressing", "e5f6", metadata));

            assertThat(answer.status()).as(key).isEqualTo(400);
            assertThat(answer.json().get("field").asText()).isEqualTo("metadata." + key);
        }
        var badApprover = flaggerMetadata();
        badApprover.put("approvals", "lee,\u202Eeve");
        assertThat(hook("rollout", flaggerPayload("podinfo", "Progressing", "e5f6", badApprover)).json().get("field").asText())
                .isEqualTo("metadata.approvals");
        assertThat(hook("rollout", flaggerPayload("podinfo", "Progressing", "e5f6", Map.of())).json().get("field").asText())
                .isEqualTo("metadata.service");
        assertThat(hook("rollout", "{\"name\":\"podinfo\",\"namespace\":\"shop\",\"phase\":\"Progressing\"}").json().get("field").asText())
                .isEqualTo("checksum");
    }

    @Test
    void an_unknown_hook_is_a_404_naming_the_known_ones() {
        var answer = hook("confirm-everything", flaggerPayload("podinfo", "Progressing", "e5f6", flaggerMetadata()));

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().get("message").asText()).contains("confirm-traffic-increase", "rollback", "event");
    }

    @Test
    void rollback_answers_403_keep_going_while_nothing_calls_for_a_rollback_even_when_paperwork_is_missing() {
        var metadata = flaggerMetadata();
        metadata.put("approvals", "");

        var healthy = hook("rollback", flaggerPayload("podinfo", "Progressing", "0a0b", flaggerMetadata()));
        var unapproved = hook("rollback", flaggerPayload("podinfo", "Progressing", "0a0c", metadata));

        assertThat(healthy.status()).isEqualTo(403);
        assertThat(healthy.json().get("outcome").asText()).isEqualTo("allow");
        assertThat(unapproved.status()).as("a missing approval halts advancement, it does not roll back").isEqualTo(403);
    }

    @Test
    void rollback_answers_200_roll_back_now_inside_a_freeze_window() {
        try (var frozen = TestTollgate.builder().freshDatabase("flagger_freeze").now(Instant.parse("2026-12-24T12:00:00Z")).start()) {
            var answer = hook(frozen, "rollback", flaggerPayload("podinfo", "Progressing", "0a0d", flaggerMetadata()));
            var advance = hook(frozen, "confirm-traffic-increase", flaggerPayload("podinfo", "Progressing", "0a0d", flaggerMetadata()));

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json().get("reasons").get(0).get("code").asText()).isEqualTo("freeze_window_active");
            assertThat(advance.status()).isEqualTo(403);
        }
    }

    @Test
    void event_payloads_are_recorded_as_audit_events_as_received() {
        var metadata = new HashMap<>(flaggerMetadata());
        metadata.put("eventMessage", "New revision detected! Scaling up podinfo.shop");
        metadata.put("eventType", "Normal");
        metadata.put("timestamp", "1796032800000");

        var answer = hook("event", flaggerPayload("podinfo", "Initializing", "77aa", metadata));

        assertThat(answer.status()).isEqualTo(200);
        var events = tollgate.api().get("/v1/audit/events?kind=controller.event&subject=flagger/podinfo.shop", ADMIN_TOKEN).json();
        assertThat(events.get("items")).hasSize(1);
        assertThat(events.get("items").get(0).toString()).contains("New revision detected!", "\"checksum\":\"77aa\"", "ci-pipeline");
    }

    @Test
    void the_same_call_retried_gets_the_same_decision() {
        var payload = flaggerPayload("retried", "Progressing", "9e9e", flaggerMetadata());

        var first = hook("confirm-traffic-increase", payload).json();
        var retry = hook("confirm-traffic-increase", payload).json();
        var newRevision = hook("confirm-traffic-increase", flaggerPayload("retried", "Progressing", "9e9f", flaggerMetadata())).json();

        assertThat(retry.get("decisionId").asText()).isEqualTo(first.get("decisionId").asText());
        assertThat(newRevision.get("decisionId").asText()).isNotEqualTo(first.get("decisionId").asText());
    }
}
