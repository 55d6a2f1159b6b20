package io.tollgate.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tollgate.json.CanonicalJson;
import io.tollgate.json.Json;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * An event with its payload already turned into text twice: canonical JSON for the hash and plain JSON for
 * the jsonb column. Done on the caller's thread before the event is queued, because the single writer of
 * the group commit must only chain, sign and insert: the expensive part of an append then runs on every
 * request thread in parallel instead of one after another on the writer.
 */
record PreparedEvent(NewEvent event, byte[] canonicalPayload, String payloadJson) {

    static PreparedEvent of(NewEvent event) {
        try {
            return new PreparedEvent(event, CanonicalJson.write(event.payload()).getBytes(StandardCharsets.UTF_8), Json.mapper().writeValueAsString(event.payload()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialize an audit payload", e);
        }
    }
}
