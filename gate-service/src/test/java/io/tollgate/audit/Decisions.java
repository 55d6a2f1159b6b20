package io.tollgate.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.decision.Outcome;
import io.tollgate.decision.Reason;
import io.tollgate.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Test data for the audit log: a realistic decision, varied by the fields a test cares about. */
final class Decisions {
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00.123456789Z");

    private Decisions() {
    }

    static NewDecision aDecision() {
        return decision("checkout", Outcome.DENY, T0);
    }

    static NewDecision decision(String service, Outcome outcome, Instant evaluatedAt) {
        var reasons = outcome == Outcome.ALLOW
                ? List.<Reason>of()
                : List.of(new Reason("error_budget_burn", "fast burn 15.2x over 1h"), new Reason("open_incident", "INC-42 is open"));
        return new NewDecision(
                UUID.randomUUID(), service, "1.4.2", "production", "canary-10", outcome, reasons,
                "rev-7f3a", "embedded", false, "ci-bot", "4bf92f3577b34da6a3ce929d0e0e4736",
                evaluatedAt.minusMillis(3), evaluatedAt,
                json("{\"service\":\"" + service + "\",\"version\":\"1.4.2\",\"stage\":\"canary-10\",\"labels\":{\"team\":\"payments\",\"tier\":1}}"),
                json("{\"release\":{\"service\":\"" + service + "\"},\"slo\":{\"burn\":15.2,\"target\":0.999,\"budget\":1.50},"
                        + "\"flags\":[\"a\",\"b\"],\"note\":\"café ✓\\n\"}"));
    }

    static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
