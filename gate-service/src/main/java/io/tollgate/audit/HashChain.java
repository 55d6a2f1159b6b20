package io.tollgate.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.decision.Reason;
import io.tollgate.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * The hash of one audit record: SHA-256 (lowercase hex) over the canonical JSON of the record's stored
 * values, {@code previous_hash} included, which is what chains the records.
 *
 * <p>Why this shape: the hash must be recomputable by anyone from the row alone (verification, or an
 * auditor with {@code psql} and {@code sha256sum}), so it is defined over column names and values, not
 * over Java objects; timestamps are fixed-width ISO-8601 UTC at microseconds (what PostgreSQL keeps),
 * and JSON goes through {@link CanonicalJson} so a jsonb round trip does not change it.
 *
 * <p>Two formats, told apart by the row's {@code hash_format}:
 * <ul>
 *   <li>{@value #EVENT}: the document {@code {seq, kind, subject, actor, trace_id, recorded_at, payload,
 *       previous_hash}}; every record since the event log (migration V2).</li>
 *   <li>{@value #LEGACY_DECISION}: a decision written by the decision-only log before V2, hashed over its
 *       columns then. Its payload holds exactly those columns, so the document is the payload plus
 *       {@code seq}, {@code recorded_at} and {@code previous_hash}.</li>
 * </ul>
 */
public final class HashChain {
    /** The {@code previous_hash} of the first record. */
    public static final String GENESIS = "0".repeat(64);
    /** Hash format of decisions recorded before the event log. */
    public static final int LEGACY_DECISION = 1;
    /** Hash format of every event recorded since. */
    public static final int EVENT = 2;

    private static final DateTimeFormatter MICROS_UTC =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private HashChain() {
    }

    /** The hash of a new event at {@code seq}, chained to {@code previousHash} (format {@value #EVENT}). */
    public static String hash(long seq, NewEvent e, Instant recordedAt, String previousHash) {
        return hash(seq, PreparedEvent.of(e), recordedAt, previousHash);
    }

    /**
     * The same hash from a prepared event: the canonical text of {@link #content} assembled around the
     * payload's canonical text, keys in canonical (sorted) order, so the writer never re-serializes a payload.
     * {@code HashChainTest} checks it equals the canonical JSON of {@link #content} exactly.
     */
    static String hash(long seq, PreparedEvent p, Instant recordedAt, String previousHash) {
        var e = p.event();
        return hash(seq, e.kind().wire(), e.subject(), e.actor(), e.traceId(), recordedAt, p.canonicalPayload(), previousHash);
    }

    /**
     * Whether a stored record of format {@value #EVENT} hashes to its stored hash, from its columns and its payload's
     * stored text ({@code storedPayload}, UTF-8): what verification does for every record, so it is the fast path.
     * Since migration V8 the column keeps the canonical text verbatim, so the stored bytes are hashed as they are.
     * Text that is not canonical (written before V8 as jsonb, or re-rendered since) is canonicalized first, without
     * building a tree ({@link CanonicalJson#canonicalize}); only when that also differs has the content changed.
     * Agrees with {@link #recompute} of the same row.
     */
    static boolean storedEventMatches(AuditEvent columns, byte[] storedPayload) {
        if (eventHash(columns, storedPayload).equals(columns.hash())) {
            return true;
        }
        byte[] canonical = CanonicalJson.canonicalize(new String(storedPayload, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        return !Arrays.equals(canonical, storedPayload) && eventHash(columns, canonical).equals(columns.hash());
    }

    private static String eventHash(AuditEvent c, byte[] canonicalPayload) {
        return hash(c.seq(), c.kind(), c.subject(), c.actor(), c.traceId(), c.recordedAt(), canonicalPayload, c.previousHash());
    }

    private static String hash(long seq, String kind, String subject, String actor, String traceId, Instant recordedAt,
                               byte[] canonicalPayload, String previousHash) {
        return RecordDigest.current().hash(seq, kind, subject, actor, traceId, recordedAt, canonicalPayload, previousHash);
    }

    /** Recomputes the hash of a stored record from its values, in the record's own format. */
    public static String recompute(AuditEvent e) {
        return sha256Hex(CanonicalJson.write(switch (e.hashFormat()) {
            case EVENT -> content(e.seq(), e.kind(), e.subject(), e.actor(), e.traceId(), e.recordedAt(), e.payload(),
                    e.previousHash());
            case LEGACY_DECISION -> legacyDecisionContent(e.seq(), e.payload(), e.recordedAt(), e.previousHash());
            default -> throw new IllegalArgumentException("unknown hash format " + e.hashFormat());
        }));
    }

    /** The hashed document of format {@value #EVENT}, exposed so tests and tools can show what was hashed. */
    public static ObjectNode content(long seq, String kind, String subject, String actor, String traceId,
                                     Instant recordedAt, JsonNode payload, String previousHash) {
        ObjectNode o = NODES.objectNode();
        o.put("seq", seq);
        o.put("kind", kind);
        o.put("subject", subject);
        o.put("actor", actor);
        o.put("trace_id", traceId);
        o.put("recorded_at", timestamp(recordedAt));
        o.set("payload", payload);
        o.put("previous_hash", previousHash);
        return o;
    }

    /** The hashed document of format {@value #LEGACY_DECISION}: the old decision columns. */
    static ObjectNode legacyDecisionContent(long seq, JsonNode payload, Instant recordedAt, String previousHash) {
        ObjectNode o = payload.deepCopy();
        o.put("seq", seq);
        o.put("recorded_at", timestamp(recordedAt));
        o.put("previous_hash", previousHash);
        return o;
    }

    /** Reasons as stored in a decision's payload: an array of {@code {code, message}}, in order. */
    public static ArrayNode reasonsJson(List<Reason> reasons) {
        ArrayNode array = NODES.arrayNode();
        for (var r : reasons) {
            array.addObject().put("code", r.code()).put("message", r.message());
        }
        return array;
    }

    /** Parses stored reasons back; the inverse of {@link #reasonsJson}. */
    static List<Reason> reasons(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(r -> new Reason(r.path("code").asText(), r.path("message").asText()))
                .toList();
    }

    /** Fixed-width ISO-8601 UTC with exactly six fractional digits. */
    public static String timestamp(Instant instant) {
        return MICROS_UTC.format(instant.truncatedTo(ChronoUnit.MICROS));
    }

    static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
