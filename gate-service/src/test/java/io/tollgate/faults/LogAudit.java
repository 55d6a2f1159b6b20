package io.tollgate.faults;

import io.tollgate.support.CheckLoad;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.support.ApiClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What the audit log holds after a fault, read over the API as an operator would read it. */
final class LogAudit {
    private LogAudit() {
    }

    /** Every decision id in the log ({@code GET /v1/decisions}, all pages). */
    static Set<String> recordedDecisionIds(ApiClient api, String token) {
        var ids = new HashSet<String>();
        String cursor = null;
        do {
            String path = "/v1/decisions?limit=500" + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            var page = api.get(path, token);
            assertThat(page.status()).as(page.text()).isEqualTo(200);
            page.json().get("items").forEach(item -> ids.add(item.get("decisionId").asText()));
            cursor = page.json().get("nextCursor").isNull() ? null : page.json().get("nextCursor").asText();
        } while (cursor != null);
        return ids;
    }

    /**
     * Each acknowledged decision reads back ({@code GET /v1/decisions/{id}}) with the outcome and reason codes it was
     * answered with.
     */
    static void assertRecordedAsAnswered(ApiClient api, String token, List<CheckLoad.Sent> acknowledged) {
        for (var sent : acknowledged) {
            var stored = api.get("/v1/decisions/" + sent.decisionId(), token);
            assertThat(stored.status()).as("acknowledged decision " + sent.decisionId() + ": " + stored.text()).isEqualTo(200);
            assertThat(stored.json().get("outcome").asText()).as(sent.decisionId()).isEqualTo(sent.outcome());
            var codes = new ArrayList<String>();
            stored.json().get("reasons").forEach(r -> codes.add(r.get("code").asText()));
            assertThat(codes).as(sent.decisionId()).isEqualTo(sent.codes());
        }
    }

    /** {@code GET /v1/audit/verify} answers {@code intact: true}; returns its answer. */
    static JsonNode assertChainIntact(ApiClient api, String token) {
        var verify = api.get("/v1/audit/verify", token);
        assertThat(verify.status()).as(verify.text()).isEqualTo(200);
        assertThat(verify.json().get("intact").asBoolean()).as(verify.text()).isTrue();
        return verify.json();
    }
}
