package io.tollgate.audit;

import static io.tollgate.db.generated.Tables.DECISION_AUDIT;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.tollgate.db.generated.tables.records.DecisionAuditRecord;
import io.tollgate.decision.Outcome;
import io.tollgate.json.Json;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jooq.JSONB;

/**
 * Converts between {@link DecisionRecord} and {@code decision_audit} rows. One place, so append and
 * verification cannot disagree about what a column holds.
 */
final class AuditRows {
    /** Reads stored JSON for the records handed out: the service's usual mapper, so values compare equal to what was appended. */
    private static final ObjectReader READER = Json.mapper().readerFor(JsonNode.class);
    /**
     * Reads stored JSON for re-hashing: exact decimals, so a number stored with more digits than a
     * double holds still hashes as it was appended.
     */
    private static final ObjectReader EXACT_READER =
            READER.with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    private AuditRows() {
    }

    /** A new row for {@code r}; every column is set explicitly (no database defaults take part in the hash). */
    static DecisionAuditRecord toRow(DecisionRecord r) {
        var d = r.decision();
        var row = new DecisionAuditRecord();
        row.set(DECISION_AUDIT.SEQ, r.seq());
        row.set(DECISION_AUDIT.DECISION_ID, d.decisionId());
        row.set(DECISION_AUDIT.SERVICE, d.service());
        row.set(DECISION_AUDIT.VERSION, d.version());
        row.set(DECISION_AUDIT.ENVIRONMENT, d.environment());
        row.set(DECISION_AUDIT.STAGE, d.stage());
        row.set(DECISION_AUDIT.OUTCOME, d.outcome().wire());
        row.set(DECISION_AUDIT.REASONS, jsonb(HashChain.reasonsJson(d.reasons())));
        row.set(DECISION_AUDIT.POLICY_REVISION, d.policyRevision());
        row.set(DECISION_AUDIT.POLICY_ENGINE, d.policyEngine());
        row.set(DECISION_AUDIT.DRY_RUN, d.dryRun());
        row.set(DECISION_AUDIT.ACTOR, d.actor());
        row.set(DECISION_AUDIT.TRACE_ID, d.traceId());
        row.set(DECISION_AUDIT.RECEIVED_AT, utc(d.receivedAt()));
        row.set(DECISION_AUDIT.EVALUATED_AT, utc(d.evaluatedAt()));
        row.set(DECISION_AUDIT.RECORDED_AT, utc(r.recordedAt()));
        row.set(DECISION_AUDIT.REQUEST, jsonb(d.request()));
        row.set(DECISION_AUDIT.POLICY_INPUT, jsonb(d.policyInput()));
        row.set(DECISION_AUDIT.PREVIOUS_HASH, r.previousHash());
        row.set(DECISION_AUDIT.HASH, r.hash());
        return row;
    }

    /** The record as handed out by find and list. */
    static DecisionRecord fromRow(DecisionAuditRecord row) {
        return fromRow(row, READER);
    }

    /** The record as re-hashed by verification (exact numbers). */
    static DecisionRecord fromRowExact(DecisionAuditRecord row) {
        return fromRow(row, EXACT_READER);
    }

    private static DecisionRecord fromRow(DecisionAuditRecord row, ObjectReader reader) {
        var outcome = Outcome.fromWire(row.getOutcome());
        if (outcome == null) {
            // the CHECK constraint makes this unreachable short of a schema change; say so if it happens
            throw new IllegalStateException("seq " + row.getSeq() + ": unknown outcome '" + row.getOutcome() + "'");
        }
        var decision = new NewDecision(
                row.getDecisionId(),
                row.getService(),
                row.getVersion(),
                row.getEnvironment(),
                row.getStage(),
                outcome,
                HashChain.reasons(parse(row.getReasons(), reader)),
                row.getPolicyRevision(),
                row.getPolicyEngine(),
                row.getDryRun(),
                row.getActor(),
                row.getTraceId(),
                row.getReceivedAt().toInstant(),
                row.getEvaluatedAt().toInstant(),
                parse(row.getRequest(), reader),
                parse(row.getPolicyInput(), reader));
        return new DecisionRecord(row.getSeq(), decision, row.getRecordedAt().toInstant(),
                row.getPreviousHash(), row.getHash());
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static JSONB jsonb(JsonNode node) {
        try {
            return JSONB.jsonb(Json.mapper().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialize JSON for the audit log", e);
        }
    }

    private static JsonNode parse(JSONB value, ObjectReader reader) {
        try {
            return reader.readTree(value.data());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("stored jsonb is not readable", e);
        }
    }
}
