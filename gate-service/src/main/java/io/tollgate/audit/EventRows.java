package io.tollgate.audit;

import static io.tollgate.db.generated.Tables.AUDIT_EVENT;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.tollgate.db.generated.tables.records.AuditEventRecord;
import io.tollgate.json.CanonicalJson;
import io.tollgate.json.Json;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jooq.JSON;

/**
 * Converts {@code audit_event} rows to {@link AuditEvent}s: one reading for queries and verification, so
 * they cannot disagree about what a column holds.
 */
final class EventRows {
    /** Reads stored JSON for the records handed out: the service's usual mapper, so values compare equal to what was appended. */
    private static final ObjectReader READER = Json.mapper().readerFor(JsonNode.class);
    /**
     * Reads stored JSON for re-hashing: exact decimals, so a number stored with more digits than a
     * double holds still hashes as it was appended.
     */
    private static final ObjectReader EXACT_READER =
            READER.with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    private EventRows() {
    }

    /**
     * A new row for {@code e}, every column set explicitly (no database defaults take part in the hash). The
     * writer binds the same columns itself ({@link ChainWriter}); this is for rows written by hand (tests).
     */
    static AuditEventRecord toRow(AuditEvent e) {
        var row = new AuditEventRecord();
        row.set(AUDIT_EVENT.SEQ, e.seq());
        row.set(AUDIT_EVENT.KIND, e.kind());
        row.set(AUDIT_EVENT.SUBJECT, e.subject());
        row.set(AUDIT_EVENT.ACTOR, e.actor());
        row.set(AUDIT_EVENT.TRACE_ID, e.traceId());
        row.set(AUDIT_EVENT.RECORDED_AT, utc(e.recordedAt()));
        row.set(AUDIT_EVENT.PAYLOAD, JSON.json(CanonicalJson.write(e.payload())));
        row.set(AUDIT_EVENT.HASH_FORMAT, (short) e.hashFormat());
        row.set(AUDIT_EVENT.PREVIOUS_HASH, e.previousHash());
        row.set(AUDIT_EVENT.HASH, e.hash());
        row.set(AUDIT_EVENT.SIGNATURE, e.signature());
        row.set(AUDIT_EVENT.KEY_ID, e.keyId());
        return row;
    }

    /** The event as handed out by queries. */
    static AuditEvent fromRow(AuditEventRecord row) {
        return fromRow(row, READER);
    }

    /** The event as re-hashed by verification (exact numbers). */
    static AuditEvent fromRowExact(AuditEventRecord row) {
        return fromRow(row, EXACT_READER);
    }

    private static AuditEvent fromRow(AuditEventRecord row, ObjectReader reader) {
        return new AuditEvent(row.getSeq(), row.getKind(), row.getSubject(), row.getActor(), row.getTraceId(),
                row.getRecordedAt().toInstant(), parse(row.getPayload().data(), reader), row.getHashFormat(),
                row.getPreviousHash(), row.getHash(), row.getSignature(), row.getKeyId());
    }

    /** The columns verification reads ({@link StoredRowsCopy}), in its order. */
    static final String STORED_COLUMNS =
            "seq, kind, subject, actor, trace_id, recorded_at, payload, hash_format, previous_hash, hash, signature, key_id";

    /**
     * A row as verification reads it: every column, the payload as the stored JSON text's UTF-8 bytes, as
     * PostgreSQL sent them (re-hashed from those bytes, {@link HashChain#storedEventMatches});
     * {@code columns().payload()} is null.
     */
    record Stored(AuditEvent columns, byte[] payloadText) {
        /** The record with its payload read as a tree, exactly as {@link #fromRowExact}. */
        AuditEvent withPayload() {
            var c = columns;
            return new AuditEvent(c.seq(), c.kind(), c.subject(), c.actor(), c.traceId(), c.recordedAt(),
                    parse(new String(payloadText, StandardCharsets.UTF_8), EXACT_READER), c.hashFormat(), c.previousHash(), c.hash(),
                    c.signature(), c.keyId());
        }
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static JsonNode parse(String json, ObjectReader reader) {
        try {
            return reader.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("stored payload is not readable JSON", e);
        }
    }
}
