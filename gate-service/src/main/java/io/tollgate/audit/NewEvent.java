package io.tollgate.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * An event to append to the audit chain.
 *
 * @param subject what the event is about (a decision id, a release id, an override id)
 * @param actor   who caused it: a token's subject, or {@code tollgate} for the service's own steps
 * @param traceId the trace it belongs to; empty when none
 * @param payload the event's facts, a JSON object; hashed exactly as stored
 */
public record NewEvent(EventKind kind, String subject, String actor, String traceId, JsonNode payload) {
    public NewEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(payload, "payload");
        if (!payload.isObject()) {
            throw new IllegalArgumentException("an event payload must be a JSON object");
        }
        traceId = traceId == null ? "" : traceId;
    }
}
