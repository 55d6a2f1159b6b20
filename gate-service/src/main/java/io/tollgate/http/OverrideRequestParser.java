package io.tollgate.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.override.NewOverride;
import io.tollgate.override.OverrideEffect;
import io.tollgate.override.OverrideScope;
import io.tollgate.override.ReleaseFacts;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Turns a {@code POST /v1/overrides} body into a {@link NewOverride}, or a 400 naming the first bad field. */
final class OverrideRequestParser {
    static final Set<String> TOP_FIELDS = Set.of("scope", "effect", "suppress", "reason", "ticket", "labels", "expiresAt");
    private static final Set<String> SCOPE_FIELDS = Set.of("service", "environment", "version", "release");
    private static final Pattern REASON_CODE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final int MAX_REASON = 2_000;
    private static final int MAX_TICKET = 200;
    private static final int MAX_LIST = 50;

    private OverrideRequestParser() {
    }

    /**
     * @param releases finds the release of a release scope
     * @param now      the service's clock: {@code expiresAt} must be after it
     */
    static NewOverride parse(JsonNode body, ReleaseFacts.Lookup releases, Instant now) {
        TextRules.requireStorable(body, "");
        HttpIo.rejectUnknownFields(body, TOP_FIELDS, "");
        var scope = scope(body.get("scope"), releases);
        String effectText = requiredText(body, "effect");
        var effect = OverrideEffect.fromWire(effectText).orElseThrow(() -> ApiException.badRequest("invalid_value", "effect",
                "must be one of " + String.join(", ", Arrays.stream(OverrideEffect.values()).map(OverrideEffect::wire).toList())));
        List<String> suppress = strings(body, "suppress", REASON_CODE, "a reason code (lower-case letters, digits, '_')");
        if (effect == OverrideEffect.ALLOW && suppress.isEmpty()) {
            throw ApiException.badRequest("missing_field", "suppress",
                    "an allow override must list the reason codes it may override, e.g. [\"burn_rate_too_high\"]");
        }
        if (effect != OverrideEffect.ALLOW && !suppress.isEmpty()) {
            throw ApiException.badRequest("invalid_value", "suppress", "only an allow override suppresses reasons");
        }
        String reason = TextRules.requireText("reason", requiredText(body, "reason"));
        if (reason.isEmpty() || reason.length() > MAX_REASON) {
            throw ApiException.badRequest("invalid_value", "reason", "must be 1-" + MAX_REASON + " characters (not blank)");
        }
        String ticket = optionalText(body, "ticket");
        if (ticket != null && (ticket.isBlank() || ticket.length() > MAX_TICKET)) {
            throw ApiException.badRequest("invalid_value", "ticket", "must be 1-" + MAX_TICKET + " characters (not blank)");
        }
        if (ticket != null) {
            TextRules.requireToken("ticket", ticket);
        }
        List<String> labels = strings(body, "labels", TextRules.NAME, "a label (letters, digits, '.', '_', '-')");
        Instant expiresAt = expiresAt(body, effect, now);
        return new NewOverride(scope, effect, suppress, reason, ticket == null ? null : ticket.strip(), labels, expiresAt);
    }

    private static OverrideScope scope(JsonNode scope, ReleaseFacts.Lookup releases) {
        if (scope == null || scope.isNull()) {
            throw ApiException.badRequest("missing_field", "scope", "required: {\"service\", \"environment\"[, \"version\"]} or {\"release\"}");
        }
        if (!scope.isObject()) {
            throw ApiException.badRequest("invalid_type", "scope", "must be an object");
        }
        HttpIo.rejectUnknownFields(scope, SCOPE_FIELDS, "scope");
        String release = optionalText(scope, "release", "scope.release");
        if (release != null) {
            UUID id;
            try {
                id = UUID.fromString(release);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("invalid_value", "scope.release", "must be a release id (UUID)");
            }
            var facts = releases.find(id).orElseThrow(() -> ApiException.badRequest("invalid_value", "scope.release",
                    "no release " + release));
            // service/environment/version may be repeated next to a release, but must then be the release's own.
            var own = java.util.Map.of("service", facts.service(), "environment", facts.environment(), "version", facts.version());
            for (var e : own.entrySet()) {
                String given = optionalText(scope, e.getKey(), "scope." + e.getKey());
                if (given != null && !given.equals(e.getValue())) {
                    throw ApiException.badRequest("invalid_value", "scope." + e.getKey(), "release " + release + " has "
                            + e.getKey() + " \"" + e.getValue() + "\", not \"" + given + "\"");
                }
            }
            return new OverrideScope(facts.service(), facts.environment(), facts.version(), id);
        }
        String service = name(scope, "service");
        String environment = name(scope, "environment");
        String version = optionalText(scope, "version", "scope.version");
        if (version != null && (version.isBlank() || version.length() > 128)) {
            throw ApiException.badRequest("invalid_value", "scope.version", "must be 1-128 characters");
        }
        if (version != null) {
            TextRules.requireToken("scope.version", version);
        }
        return new OverrideScope(service, environment, version, null);
    }

    private static Instant expiresAt(JsonNode body, OverrideEffect effect, Instant now) {
        String text = optionalText(body, "expiresAt");
        if (text == null) {
            if (effect == OverrideEffect.FREEZE) {
                return null;
            }
            throw ApiException.badRequest("missing_field", "expiresAt", "required for an " + effect.wire()
                    + " override: an RFC 3339 instant such as 2026-12-01T18:00:00Z");
        }
        Instant at;
        try {
            at = Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("invalid_value", "expiresAt", "must be an RFC 3339 instant such as 2026-12-01T18:00:00Z");
        }
        // The policy compares whole seconds; a fraction would make "expired" depend on the reader.
        at = at.truncatedTo(ChronoUnit.SECONDS);
        if (!at.isAfter(now)) {
            throw ApiException.badRequest("invalid_value", "expiresAt", "must be in the future (now is " + now.truncatedTo(ChronoUnit.SECONDS) + ")");
        }
        return at;
    }

    private static String name(JsonNode parent, String key) {
        String field = "scope." + key;
        JsonNode v = parent.get(key);
        if (v == null || v.isNull()) {
            throw ApiException.badRequest("missing_field", field, "required");
        }
        if (!v.isTextual() || !TextRules.NAME.matcher(v.textValue()).matches()) {
            throw ApiException.badRequest("invalid_value", field, "must be 1-63 characters of letters, digits, '.', '_' or '-'");
        }
        return v.textValue();
    }

    private static String requiredText(JsonNode body, String key) {
        String v = optionalText(body, key);
        if (v == null) {
            throw ApiException.badRequest("missing_field", key, "required");
        }
        return v;
    }

    private static String optionalText(JsonNode body, String key) {
        return optionalText(body, key, key);
    }

    private static String optionalText(JsonNode parent, String key, String field) {
        JsonNode v = parent.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest("invalid_type", field, "must be a string");
        }
        return v.textValue();
    }

    private static List<String> strings(JsonNode body, String key, Pattern each, String what) {
        JsonNode v = body.get(key);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw ApiException.badRequest("invalid_type", key, "must be an array of strings");
        }
        if (v.size() > MAX_LIST) {
            throw ApiException.badRequest("invalid_value", key, "at most " + MAX_LIST + " entries");
        }
        var out = new ArrayList<String>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (!e.isTextual() || !each.matcher(e.textValue()).matches()) {
                throw ApiException.badRequest("invalid_value", key + "[" + i + "]", "must be " + what);
            }
            if (!out.contains(e.textValue())) {
                out.add(e.textValue());
            }
        }
        return out;
    }

}
