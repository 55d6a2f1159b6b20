package io.tollgate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.decision.Outcome;
import io.tollgate.decision.Reason;
import io.tollgate.decision.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the value of {@code data.tollgate.decision} into a {@link Verdict}. Both engines use this one
 * parser, so they accept and reject exactly the same documents.
 *
 * <p>Accepted shape: {@code {"outcome": "allow"|"deny"|"hold", "reasons": [{"code": s, "message": s}...]}}.
 * {@code reasons} is required; it may be empty only for allow. A reason's {@code code} must be a
 * non-blank string and its {@code message} a string. Further members of the decision or of a reason
 * are ignored, so policies may add fields without breaking older services.
 */
public final class DecisionParser {

    /** What the parser made of a decision: a verdict, or a one-line problem. */
    public sealed interface Parsed permits Valid, Invalid {
    }

    public record Valid(Verdict verdict) implements Parsed {
    }

    /** {@code problem} describes the first thing wrong, e.g. {@code decision.outcome must be one of ...}. */
    public record Invalid(String problem) implements Parsed {
    }

    private DecisionParser() {
    }

    /** Parses a decision value; {@code null} or a JSON missing node means undefined. */
    public static Parsed parse(JsonNode decision) {
        if (decision == null || decision.isMissingNode()) {
            return new Invalid("decision is undefined");
        }
        if (!decision.isObject()) {
            return new Invalid("decision must be an object, got " + describe(decision));
        }
        JsonNode outcomeNode = decision.get("outcome");
        if (outcomeNode == null) {
            return new Invalid("decision has no \"outcome\"");
        }
        Outcome outcome = outcomeNode.isTextual() ? Outcome.fromWire(outcomeNode.textValue()) : null;
        if (outcome == null) {
            return new Invalid("decision.outcome must be one of allow, deny, hold, got " + describe(outcomeNode));
        }
        JsonNode reasonsNode = decision.get("reasons");
        if (reasonsNode == null) {
            return new Invalid("decision has no \"reasons\"");
        }
        if (!reasonsNode.isArray()) {
            return new Invalid("decision.reasons must be an array, got " + describe(reasonsNode));
        }
        var reasons = new ArrayList<Reason>();
        for (int i = 0; i < reasonsNode.size(); i++) {
            var reason = reasonsNode.get(i);
            String where = "decision.reasons[" + i + "]";
            if (!reason.isObject()) {
                return new Invalid(where + " must be an object with \"code\" and \"message\", got " + describe(reason));
            }
            JsonNode code = reason.get("code");
            if (code == null || !code.isTextual() || code.textValue().isBlank()) {
                return new Invalid(where + ".code must be a non-blank string, got " + describe(code));
            }
            JsonNode message = reason.get("message");
            if (message == null || !message.isTextual()) {
                return new Invalid(where + ".message must be a string, got " + describe(message));
            }
            reasons.add(new Reason(code.textValue(), message.textValue()));
        }
        if (outcome != Outcome.ALLOW && reasons.isEmpty()) {
            return new Invalid("decision.reasons must not be empty for outcome \"" + outcome.wire() + "\"");
        }
        return new Valid(Verdict.of(outcome, List.copyOf(reasons)));
    }

    /** The decision's {@code on_regression} member ({@code rollback} or {@code halt}), or null when absent or other. */
    public static String onRegression(JsonNode decision) {
        JsonNode value = decision == null ? null : decision.get("on_regression");
        if (value == null || !value.isTextual()) {
            return null;
        }
        return switch (value.textValue()) {
            case "rollback", "halt" -> value.textValue();
            default -> null;
        };
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        String text = node.toString();
        String shown = text.length() > 80 ? text.substring(0, 77) + "..." : text;
        return switch (node.getNodeType()) {
            case OBJECT -> "an object " + shown;
            case ARRAY -> "an array " + shown;
            case NULL -> "null";
            default -> shown;
        };
    }
}
