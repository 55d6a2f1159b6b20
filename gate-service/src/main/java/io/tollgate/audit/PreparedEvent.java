package io.tollgate.audit;

import io.tollgate.json.CanonicalJson;
import java.nio.charset.StandardCharsets;

/**
 * An event with its payload already turned into canonical JSON: the text the {@code payload} column keeps
 * verbatim, and its UTF-8 bytes, which the hash covers. Done on the caller's thread before the event is
 * queued, because the single writer of the group commit must only chain, sign and insert: the expensive part
 * of an append then runs on every request thread in parallel instead of one after another on the writer.
 */
record PreparedEvent(NewEvent event, byte[] canonicalPayload, String payloadText) {

    static PreparedEvent of(NewEvent event) {
        String canonical = CanonicalJson.write(event.payload());
        return new PreparedEvent(event, canonical.getBytes(StandardCharsets.UTF_8), canonical);
    }
}
