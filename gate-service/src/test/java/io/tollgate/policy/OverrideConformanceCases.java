package io.tollgate.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.decision.Outcome;
import io.tollgate.json.Json;
import java.util.List;
import java.util.stream.Stream;

/**
 * Inputs of {@code data.tollgate.override.decision} (shipped policies) with the outcome and refusal codes both engines
 * must give: the identity comparison and the visible-ticket regex must behave the same in Wasm and in OPA.
 */
final class OverrideConformanceCases {
    private OverrideConformanceCases() {
    }

    private static ObjectNode person(ObjectNode node, String prefix, String name, String skeleton, String folded) {
        return node.put(prefix.isEmpty() ? "author" : prefix, name)
                .put((prefix.isEmpty() ? "author" : prefix) + "Skeleton", skeleton)
                .put((prefix.isEmpty() ? "author" : prefix) + "FoldedSkeleton", folded);
    }

    private static ObjectNode base(String action, String effect, String ticket) {
        var input = Json.mapper().createObjectNode();
        input.put("action", action).put("now", "2026-11-24T10:00:00Z");
        person(input.putObject("actor"), "subject", "kim", "klrn", "kirn").put("role", "release-manager");
        var o = input.putObject("override");
        o.put("id", "ov_1").put("effect", effect);
        o.putObject("scope").put("service", "checkout").put("environment", "production").putNull("version").putNull("release");
        o.putArray("suppress");
        if (effect.equals("allow")) {
            ((com.fasterxml.jackson.databind.node.ArrayNode) o.get("suppress")).add("approval_missing");
        }
        o.put("reason", "incident").putArray("labels");
        o.put("expiresAt", "2026-11-24T18:00:00Z").put("validForSeconds", 28800);
        person(o, "createdBy", "lee", "lee", "lee");
        if (action.equals("create")) {
            o.put("ticket", ticket);
            input.putNull("change");
        } else {
            o.putNull("ticket");
            input.putObject("revocation").put("reason", "over").put("ticket", ticket);
            input.putArray("changes");
            input.putNull("change");
        }
        return input;
    }

    static Stream<ConformanceCases.Case> all() {
        var ownRelease = base("create", "allow", "INC-1");
        person(ownRelease.putObject("change"), "", "KIM", "klrn", "kirn");
        var ownFrozenChange = base("revoke", "freeze", "INC-1");
        person(((com.fasterxml.jackson.databind.node.ArrayNode) ownFrozenChange.get("changes")).addObject(), "", "KIM", "klrn", "kirn");
        return Stream.of(
                new ConformanceCases.Case("permits an allow with a ticket", base("create", "allow", "INC-1"), Outcome.ALLOW,
                        List.of("override_permitted")),
                new ConformanceCases.Case("an invisible ticket is none", base("create", "allow", "\u200b\ufe0f"), Outcome.DENY,
                        List.of("override_ticket_required")),
                new ConformanceCases.Case("an emoji ticket is one", base("create", "allow", "🔥"), Outcome.ALLOW,
                        List.of("override_permitted")),
                new ConformanceCases.Case("refuses kim overriding KIM's release", ownRelease, Outcome.DENY, List.of("override_own_change")),
                new ConformanceCases.Case("permits revoking a freeze with a ticket", base("revoke", "freeze", "INC-1"), Outcome.ALLOW,
                        List.of("override_permitted")),
                new ConformanceCases.Case("refuses revoking a production freeze without a visible ticket",
                        base("revoke", "freeze", "\u2060"), Outcome.DENY, List.of("override_ticket_required")),
                new ConformanceCases.Case("refuses kim revoking a freeze holding KIM's change", ownFrozenChange, Outcome.DENY,
                        List.of("override_own_change")),
                new ConformanceCases.Case("permits revoking an allow without a ticket", base("revoke", "allow", null), Outcome.ALLOW,
                        List.of("override_permitted")));
    }
}
