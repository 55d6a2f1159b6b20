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
import java.util.HexFormat;
import java.util.List;

/**
 * The hash of one audit record: SHA-256 (lowercase hex) over the canonical JSON of every stored column
 * except {@code hash} itself -- {@code previous_hash} included, which is what chains the records.
 *
 * <p>Why this shape: the hash must be recomputable by anyone from the row alone (verification, or an
 * auditor with {@code psql} and {@code sha256sum}), so it is defined over column names and values,
 * not over Java objects; timestamps are fixed-width ISO-8601 UTC at microseconds (what PostgreSQL
 * keeps), and JSON goes through {@link CanonicalJson} so a jsonb round trip does not change it.
 */
public final class HashChain {
    /** The {@code previous_hash} of the first record. */
    public static final String GENESIS = "0".repeat(64);

    private static final DateTimeFormatter MICROS_UTC =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private HashChain() {
    }

    /** The hash of the record at {@code seq} with this content, chained to {@code previousHash}. */
    public static String hash(long seq, NewDecision d, Instant recordedAt, String previousHash) {
        return sha256Hex(CanonicalJson.write(content(seq, d, recordedAt, previousHash)));
    }

    /** The hashed document, exposed so tests and tools can show exactly what was hashed. */
    public static ObjectNode content(long seq, NewDecision d, Instant recordedAt, String previousHash) {
        ObjectNode o = NODES.objectNode();
        o.put("seq", seq);
        o.put("decision_id", d.decisionId().toString());
        o.put("service", d.service());
        o.put("version", d.version());
        o.put("environment", d.environment());
        o.put("stage", d.stage());
        o.put("outcome", d.outcome().wire());
        o.set("reasons", reasonsJson(d.reasons()));
        o.put("policy_revision", d.policyRevision());
        o.put("policy_engine", d.policyEngine());
        o.put("dry_run", d.dryRun());
        o.put("actor", d.actor());
        o.put("trace_id", d.traceId());
        o.put("received_at", timestamp(d.receivedAt()));
        o.put("evaluated_at", timestamp(d.evaluatedAt()));
        o.put("recorded_at", timestamp(recordedAt));
        o.set("request", d.request());
        o.set("policy_input", d.policyInput());
        o.put("previous_hash", previousHash);
        return o;
    }

    /** Reasons as stored in the {@code reasons} jsonb column: an array of {@code {code, message}}, in order. */
    public static ArrayNode reasonsJson(List<Reason> reasons) {
        ArrayNode array = NODES.arrayNode();
        for (var r : reasons) {
            array.addObject().put("code", r.code()).put("message", r.message());
        }
        return array;
    }

    /** Fixed-width ISO-8601 UTC with exactly six fractional digits. */
    public static String timestamp(Instant instant) {
        return MICROS_UTC.format(instant.truncatedTo(ChronoUnit.MICROS));
    }

    static String sha256Hex(String text) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Parses the {@code reasons} column back; the inverse of {@link #reasonsJson}. */
    static List<Reason> reasons(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false)
                .map(r -> new Reason(r.path("code").asText(), r.path("message").asText()))
                .toList();
    }
}
