package io.tollgate.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.gate.GateCheckRequest;
import io.tollgate.json.Json;
import java.util.Arrays;
import java.util.List;

/**
 * The facts of a gate check from a Flagger webhook's {@code metadata} (a string map set in the Canary's webhook
 * spec): {@code service}, {@code version}, {@code environment}, {@code stage}, {@code previousStage},
 * {@code commit}, {@code pipeline}, {@code author}, {@code approvals} and {@code labels} (the last two
 * comma-separated). Parsed by the gate check's own parser, so the rules are the same; a 400 names the metadata key.
 */
final class FlaggerMetadata {
    private static final List<String> REQUIRED = List.of("service", "version", "environment", "stage", "commit", "pipeline", "author");

    private FlaggerMetadata() {
    }

    static GateCheckRequest check(JsonNode body) {
        var check = checkBody(body.get("metadata"));
        try {
            return CheckRequestParser.parse(check);
        } catch (ApiException e) {
            throw new ApiException(e.status(), e.code(), metadataKey(e.field()), e.getMessage());
        }
    }

    /** The body {@code POST /v1/gates/check} would get; 400 naming {@code metadata.<key>} for a missing fact. */
    private static ObjectNode checkBody(JsonNode metadata) {
        if (metadata == null || metadata.isNull()) {
            throw ApiException.badRequest("missing_field", "metadata." + REQUIRED.getFirst(),
                    "is required: the Canary's webhook needs metadata with " + String.join(", ", REQUIRED));
        }
        if (!metadata.isObject()) {
            throw ControllerRequestParser.wrongType("metadata", "an object of strings", metadata);
        }
        metadata.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw ControllerRequestParser.wrongType("metadata." + e.getKey(), "a string", e.getValue());
            }
        });
        for (String key : REQUIRED) {
            if (metadata.path(key).asText("").isBlank()) {
                throw ApiException.badRequest("missing_field", "metadata." + key, "is required in the Canary webhook's metadata");
            }
        }
        var check = Json.mapper().createObjectNode();
        for (String key : List.of("service", "version", "environment", "stage")) {
            check.put(key, metadata.get(key).textValue());
        }
        if (!metadata.path("previousStage").asText("").isBlank()) {
            check.put("previousStage", metadata.get("previousStage").textValue());
        }
        var change = check.putObject("change");
        for (String key : List.of("commit", "pipeline", "author")) {
            change.put(key, metadata.get(key).textValue());
        }
        split(metadata, "approvals").forEach(change.putArray("approvals")::add);
        split(metadata, "labels").forEach(change.putArray("labels")::add);
        return check;
    }

    private static List<String> split(JsonNode metadata, String key) {
        return Arrays.stream(metadata.path(key).asText("").split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** {@code change.approvals[1]} → {@code metadata.approvals}: the key the Canary's author has to fix. */
    private static String metadataKey(String field) {
        if (field == null) {
            return "metadata";
        }
        return "metadata." + field.replaceFirst("^change\\.", "").replaceFirst("\\[\\d+]$", "");
    }
}
