package io.tollgate.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.integrations.FlaggerCanary;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The identity a controller sends with a check: Argo Rollouts' {@code rollout} object and the canary fields of
 * Flagger's payload. A 400 names the first bad field.
 */
final class ControllerRequestParser {
    static final Set<String> ROLLOUT_FIELDS = Set.of("namespace", "name", "podTemplateHash");
    /** A Kubernetes namespace: an RFC 1123 label. */
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    /** A Kubernetes object name: an RFC 1123 subdomain. */
    private static final Pattern OBJECT_NAME = Pattern.compile("(?=.{1,253}$)[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    private static final Pattern TOKEN = Pattern.compile("\\S{1,128}");

    private ControllerRequestParser() {
    }

    /** Checks {@code body.rollout}: {@code {namespace, name, podTemplateHash}}, all required. */
    static void requireRollout(JsonNode body) {
        JsonNode rollout = body.get("rollout");
        if (rollout == null || rollout.isNull()) {
            throw ApiException.badRequest("missing_field", "rollout",
                    "is required: {\"namespace\", \"name\", \"podTemplateHash\"} of the Rollout asking");
        }
        if (!rollout.isObject()) {
            throw wrongType("rollout", "an object", rollout);
        }
        HttpIo.rejectUnknownFields(rollout, ROLLOUT_FIELDS, "rollout");
        text(rollout, "namespace", "rollout.namespace", NAMESPACE, "must be a Kubernetes namespace (RFC 1123 label)");
        text(rollout, "name", "rollout.name", OBJECT_NAME, "must be a Kubernetes object name (RFC 1123 subdomain)");
        text(rollout, "podTemplateHash", "rollout.podTemplateHash", TOKEN, "must be 1-128 characters without spaces");
    }

    /**
     * The canary of a Flagger payload. Fields Flagger may add later are ignored, so a Flagger upgrade does not halt
     * every canary; {@code phase} may be empty (a canary still initializing has none).
     */
    static FlaggerCanary canary(JsonNode body) {
        String name = text(body, "name", "name", OBJECT_NAME, "must be a Kubernetes object name (RFC 1123 subdomain)");
        String namespace = text(body, "namespace", "namespace", NAMESPACE, "must be a Kubernetes namespace (RFC 1123 label)");
        String checksum = text(body, "checksum", "checksum", TOKEN, "must be 1-128 characters without spaces");
        JsonNode phase = body.get("phase");
        if (phase != null && !phase.isNull() && !phase.isTextual()) {
            throw wrongType("phase", "a string", phase);
        }
        String phaseText = phase == null || phase.isNull() ? "" : phase.textValue();
        if (!phaseText.isEmpty() && !TOKEN.matcher(phaseText).matches()) {
            throw ApiException.badRequest("invalid_value", "phase", "must be 1-128 characters without spaces");
        }
        return new FlaggerCanary(name, namespace, phaseText, checksum);
    }

    private static String text(JsonNode parent, String key, String path, Pattern pattern, String rule) {
        JsonNode v = parent.get(key);
        if (v == null || v.isNull()) {
            throw ApiException.badRequest("missing_field", path, "is required");
        }
        if (!v.isTextual()) {
            throw wrongType(path, "a string", v);
        }
        if (!pattern.matcher(v.textValue()).matches()) {
            throw ApiException.badRequest("invalid_value", path, rule);
        }
        return v.textValue();
    }

    static ApiException wrongType(String path, String expected, JsonNode actual) {
        return ApiException.badRequest("wrong_type", path,
                "must be " + expected + ", got " + actual.getNodeType().name().toLowerCase(Locale.ROOT));
    }
}
