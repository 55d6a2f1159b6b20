package io.tollgate.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.identity.HumanText;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/** Shared rules for text that comes from clients and ends up in the audit log. */
final class TextRules {
    /** Service, environment and stage names, labels. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private TextRules() {
    }

    /**
     * Rejects strings PostgreSQL cannot store unchanged: NUL characters (refused by jsonb) and unpaired
     * UTF-16 surrogates (stored as '?', which would make the audit record differ from the request).
     *
     * @throws ApiException 400 naming the first offending field
     */
    static void requireStorable(JsonNode node, String path) {
        if (node.isTextual()) {
            String problem = problem(node.textValue());
            if (problem != null) {
                throw ApiException.badRequest("invalid_value", path.isEmpty() ? null : path, problem);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                requireStorable(node.get(i), path + "[" + i + "]");
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                var e = it.next();
                String child = HttpIo.path(path, e.getKey());
                if (problem(e.getKey()) != null) {
                    throw ApiException.badRequest("invalid_value", null, "a field name " + problem(e.getKey()));
                }
                requireStorable(e.getValue(), child);
            }
        }
    }

    /**
     * A required piece of prose (a reason), stripped: something visible, no controls or bidi characters
     * ({@link HumanText#textProblem}).
     *
     * @throws ApiException 400 {@code invalid_value} naming {@code field}
     */
    static String requireText(String field, String value) {
        String problem = HumanText.textProblem(value);
        if (problem != null) {
            throw ApiException.badRequest("invalid_value", field, problem);
        }
        return value.strip();
    }

    /**
     * A required identifier (ticket, version, commit): the identity rules' characters only, something visible
     * ({@link HumanText#tokenProblem}).
     *
     * @throws ApiException 400 {@code invalid_value} naming {@code field}
     */
    static String requireToken(String field, String value) {
        String problem = HumanText.tokenProblem(value);
        if (problem != null) {
            throw ApiException.badRequest("invalid_value", field, problem);
        }
        return value;
    }

    /** Null when {@code s} can be stored unchanged, else what is wrong with it. */
    static String problem(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\u0000') {
                return "contains a NUL character";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "contains an unpaired UTF-16 surrogate";
            }
            if (Character.isLowSurrogate(c)) {
                return "contains an unpaired UTF-16 surrogate";
            }
        }
        return null;
    }
}
