package io.tollgate.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A signed statement "the audit log {@code logId} reached {@code seq} with head {@code headHash} at {@code time}",
 * published outside the database (a file, witnesses copying {@code GET /v1/audit/checkpoint}). Verifying
 * the database against one detects what the chain alone cannot: removal of the newest records, truncation,
 * or a rewrite of everything up to the head. (After Certificate Transparency's signed tree heads.)
 *
 * <p>{@code logId} is the hash of the log's first record, fixed when the log began: it tells a checkpoint of
 * another log (another instance signing with the same key) from a rewrite of this one. Checkpoints published
 * before log ids existed have none ({@code null}, signed in the v1 form) and are still verified.
 */
public record Checkpoint(String logId, long seq, String headHash, Instant time, String keyId, String signature) {
    private static final String HASH = "[0-9a-f]{64}";

    /** Signs the head at {@code seq} of the log whose first record hashes to {@code logId}. */
    static Checkpoint sign(String logId, long seq, String headHash, Instant time, AuditKey key) {
        var unsigned = new Checkpoint(logId, seq, headHash, time, key.publicKey().id(), null);
        return new Checkpoint(logId, seq, headHash, time, unsigned.keyId(), key.sign(unsigned.signedBytes()));
    }

    /** False only when both name their log and the logs differ. */
    boolean sameLogAs(Checkpoint other) {
        return logId == null || other.logId == null || logId.equals(other.logId);
    }

    /** True when the signature is valid for this content under {@code key}. */
    public boolean verifiedBy(AuditKey.AuditPublicKey key) {
        return key.id().equals(keyId) && key.verify(signedBytes(), signature);
    }

    /** What is signed: a domain prefix so a checkpoint signature can never pass as a record signature. */
    private byte[] signedBytes() {
        String body = seq + "\n" + headHash + "\n" + HashChain.timestamp(time);
        return (logId == null ? "tollgate-checkpoint-v1\n" + body : "tollgate-checkpoint-v2\n" + logId + "\n" + body)
                .getBytes(StandardCharsets.UTF_8);
    }

    public Map<String, Object> toJson() {
        var m = new LinkedHashMap<String, Object>();
        if (logId != null) {
            m.put("logId", logId);
        }
        m.put("seq", seq);
        m.put("headHash", headHash);
        m.put("time", HashChain.timestamp(time));
        m.put("keyId", keyId);
        m.put("signature", signature);
        return m;
    }

    /** One line of the checkpoint file. */
    String toLine() {
        try {
            return Json.mapper().writeValueAsString(toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The compact form for {@code GET /v1/audit/verify?checkpoint=}: base64url of the JSON. */
    public String encoded() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(toLine().getBytes(StandardCharsets.UTF_8));
    }

    /** Parses the JSON form. @throws IllegalArgumentException saying what is wrong */
    public static Checkpoint parse(String json) {
        JsonNode n;
        try {
            n = Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (n == null || !n.isObject() || !n.path("seq").canConvertToLong() || n.path("seq").asLong() < 0
                || !n.path("headHash").asText().matches(HASH) || !n.path("keyId").isTextual()
                || !n.path("signature").isTextual() || !n.path("time").isTextual()) {
            throw new IllegalArgumentException("needs seq, headHash (64 hex), time, keyId and signature");
        }
        if (n.has("logId") && !n.get("logId").asText().matches(HASH)) {
            throw new IllegalArgumentException("logId must be 64 hex");
        }
        try {
            return new Checkpoint(n.has("logId") ? n.get("logId").asText() : null, n.get("seq").asLong(), n.get("headHash").asText(), Instant.parse(n.get("time").asText()),
                    n.get("keyId").asText(), n.get("signature").asText());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("time is not an RFC 3339 UTC instant");
        }
    }

    /** Parses the compact form ({@link #encoded()}) or the JSON form. */
    public static Checkpoint decode(String text) {
        String trimmed = text.strip();
        if (trimmed.startsWith("{")) {
            return parse(trimmed);
        }
        try {
            return parse(new String(Base64.getUrlDecoder().decode(trimmed), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a checkpoint: " + e.getMessage());
        }
    }
}
