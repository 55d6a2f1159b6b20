package io.tollgate.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.gate.GateCheckRequest;
import io.tollgate.identity.Identities;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a check request body into a {@link GateCheckRequest}, or a 400 naming the first bad field.
 * Strict on purpose: an unknown field is more likely a typo ({@code aprovals}) than something to ignore.
 */
final class CheckRequestParser {
    static final Set<String> TOP_FIELDS = Set.of("service", "version", "environment", "stage", "previousStage", "change", "dryRun");
    static final Set<String> CHANGE_FIELDS = Set.of("commit", "pipeline", "author", "approvals", "labels", "committedAt");
    private static final Pattern NAME = TextRules.NAME;
    private static final Pattern TOKEN = Pattern.compile("\\S{1,128}");
    private static final int MAX_TEXT = 256;
    private static final int MAX_ITEMS = 50;
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private CheckRequestParser() {
    }

    static GateCheckRequest parse(JsonNode body) {
        TextRules.requireStorable(body, "");
        HttpIo.rejectUnknownFields(body, TOP_FIELDS, "");
        String service = name(body, "service", true);
        String version = matching(body, "version", "version", TOKEN, "must be 1-128 characters without spaces");
        String environment = name(body, "environment", true);
        String stage = name(body, "stage", true);
        String previousStage = name(body, "previousStage", false);
        JsonNode change = body.get("change");
        if (change == null || change.isNull()) {
            throw missing("change");
        }
        if (!change.isObject()) {
            throw wrongType("change", "an object", change);
        }
        HttpIo.rejectUnknownFields(change, CHANGE_FIELDS, "change");
        var parsedChange = new GateCheckRequest.Change(
                matching(change, "commit", "change.commit", TOKEN, "must be 1-128 characters without spaces"),
                text(change, "pipeline", "change.pipeline"),
                identity(text(change, "author", "change.author"), "change.author"),
                identities(list(change, "approvals", "change.approvals", null), "change.approvals"),
                list(change, "labels", "change.labels", NAME),
                instant(change, "committedAt", "change.committedAt"));
        boolean dryRun = false;
        JsonNode dry = body.get("dryRun");
        if (dry != null && !dry.isNull()) {
            if (!dry.isBoolean()) {
                throw wrongType("dryRun", "a boolean", dry);
            }
            dryRun = dry.booleanValue();
        }
        return new GateCheckRequest(service, version, environment, stage, previousStage, parsedChange, dryRun);
    }

    private static String name(JsonNode parent, String key, boolean required) {
        JsonNode v = parent.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                throw missing(key);
            }
            return null;
        }
        if (!v.isTextual()) {
            throw wrongType(key, "a string", v);
        }
        if (!NAME.matcher(v.textValue()).matches()) {
            throw ApiException.badRequest("invalid_value", key,
                    "must be 1-63 characters of letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return v.textValue();
    }

    /** An optional RFC 3339 timestamp with an offset, between 1970 and 9999. */
    private static Instant instant(JsonNode parent, String key, String path) {
        JsonNode v = parent.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw wrongType(path, "an RFC 3339 timestamp string", v);
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(v.textValue()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("invalid_value", path, "must be an RFC 3339 timestamp like 2026-11-24T06:00:00Z, got \""
                    + v.textValue() + "\"");
        }
        if (at.isBefore(Instant.EPOCH) || at.isAfter(LATEST)) {
            throw ApiException.badRequest("invalid_value", path, "must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
        }
        return at;
    }

    private static String matching(JsonNode parent, String key, String path, Pattern pattern, String rule) {
        String value = text(parent, key, path);
        if (!pattern.matcher(value).matches()) {
            throw ApiException.badRequest("invalid_value", path, rule);
        }
        return value;
    }

    private static String text(JsonNode parent, String key, String path) {
        JsonNode v = parent.get(key);
        if (v == null || v.isNull()) {
            throw missing(path);
        }
        if (!v.isTextual()) {
            throw wrongType(path, "a string", v);
        }
        String s = v.textValue();
        if (blank(s) || s.length() > MAX_TEXT) {
            throw ApiException.badRequest("invalid_value", path, "must be 1-" + MAX_TEXT + " characters and not blank");
        }
        return TextRules.requireToken(path, s);
    }

    private static List<String> list(JsonNode parent, String key, String path, Pattern itemPattern) {
        JsonNode v = parent.get(key);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw wrongType(path, "an array of strings", v);
        }
        if (v.size() > MAX_ITEMS) {
            throw ApiException.badRequest("invalid_value", path, "at most " + MAX_ITEMS + " items, got " + v.size());
        }
        var out = new ArrayList<String>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            String at = path + "[" + i + "]";
            if (!item.isTextual()) {
                throw wrongType(at, "a string", item);
            }
            String s = item.textValue();
            if (blank(s) || s.length() > MAX_TEXT || (itemPattern != null && !itemPattern.matcher(s).matches())) {
                throw ApiException.badRequest("invalid_value", at, itemPattern != null
                        ? "must be 1-63 characters of letters, digits, '.', '_' or '-'"
                        : "must be 1-" + MAX_TEXT + " characters and not blank");
            }
            out.add(s);
        }
        return out;
    }

    /**
     * An identity (author, approver) in NFKC form; a 400 naming the field when it holds control, bidi or
     * invisible characters, or is blank once normalized (an ideographic space becomes a plain one).
     */
    private static String identity(String value, String path) {
        String problem = Identities.problem(value);
        if (problem != null) {
            throw ApiException.badRequest("invalid_value", path, problem);
        }
        String normalized = Identities.normalize(value);
        if (blank(normalized) || normalized.length() > MAX_TEXT) {
            throw ApiException.badRequest("invalid_value", path, "must be 1-" + MAX_TEXT + " characters and not blank");
        }
        return normalized;
    }

    private static List<String> identities(List<String> values, String path) {
        var out = new ArrayList<String>(values.size());
        for (int i = 0; i < values.size(); i++) {
            out.add(identity(values.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    /** Blank by any Unicode notion (no-break spaces too), as the policies' trim_space sees it. */
    private static boolean blank(String s) {
        return s.codePoints().allMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp));
    }

    private static ApiException missing(String path) {
        return ApiException.badRequest("missing_field", path, "is required");
    }

    private static ApiException wrongType(String path, String expected, JsonNode actual) {
        return ApiException.badRequest("wrong_type", path,
                "must be " + expected + ", got " + actual.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
}
