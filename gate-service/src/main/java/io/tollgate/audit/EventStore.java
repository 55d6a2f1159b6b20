package io.tollgate.audit;

import static io.tollgate.db.generated.Tables.AUDIT_EVENT;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;

/**
 * The {@code audit_event} table through jOOQ: batch appends ({@link ChainWriter}), keyset pages,
 * verification. The database itself refuses UPDATE, DELETE and TRUNCATE.
 *
 * <p>Methods throw jOOQ's {@code DataAccessException} as is; callers decide what it means.
 */
final class EventStore {
    /** Records per verification fetch: large enough that a round trip is small beside checking them. */
    private static final int VERIFY_BATCH = 5000;

    private final DSLContext ctx;
    private final AuditKey key;
    private final ChainWriter writer;
    private final LogIntegrity integrity;
    /** The hash of record seq 1 once it exists: records never change, so it is read once. */
    private volatile String logId;
    /** Where an incremental verify continues: the head of the newest walk that found the chain intact; null after a finding. */
    private VerifiedPoint verified;

    EventStore(DSLContext ctx, AuditKey key) {
        this.ctx = ctx;
        this.key = key;
        this.writer = new ChainWriter(ctx, key, Clock.systemUTC());
        this.integrity = new LogIntegrity(ctx, key.publicKey());
    }

    /**
     * Appends {@code events} in order, in one transaction, chained to the current head. Returns them as
     * stored once committed; on any failure the transaction is rolled back and nothing of the batch exists.
     */
    List<AuditEvent> appendBatch(List<PreparedEvent> events) {
        integrity.requireIntact();
        try {
            return writer.appendBatch(events);
        } catch (RuntimeException e) {
            // The outcome may be unknown (the connection broke or timed out around the commit, which may still
            // happen): the next batch reads the head under the lock rather than assume this one did not commit.
            writer.forgetHead();
            throw e;
        }
    }

    /** Whether the chain may be appended to: it still holds the newest checkpoint and ends signed. */
    LogIntegrity integrity() {
        return integrity;
    }

    /** The log's id: the hash of its first record (empty while the log is empty). */
    Optional<String> logId() {
        if (logId == null) {
            logId = ctx.select(AUDIT_EVENT.HASH).from(AUDIT_EVENT).where(AUDIT_EVENT.SEQ.eq(1L)).fetchOne(AUDIT_EVENT.HASH);
        }
        return Optional.ofNullable(logId);
    }

    /** The newest record carrying a valid signature by this service: what a checkpoint may vouch for. */
    Optional<AuditEvent> newestSigned() {
        // Bounded: normally the head itself is signed; a hundred forged signatures in a row means stop looking.
        // Rows are mapped (their JSON parsed) one at a time, stopping at the first good one.
        return ctx.selectFrom(AUDIT_EVENT)
                .where(AUDIT_EVENT.SIGNATURE.isNotNull())
                .orderBy(AUDIT_EVENT.SEQ.desc())
                .limit(100)
                .fetch()
                .stream()
                .map(EventRows::fromRowExact)
                .filter(e -> RecordSignature.valid(e, key.publicKey()) && HashChain.recompute(e).equals(e.hash()))
                .findFirst();
    }

    /** The newest event matching {@code condition}, or empty. */
    Optional<AuditEvent> findNewest(Condition condition) {
        return ctx.selectFrom(AUDIT_EVENT)
                .where(condition)
                .orderBy(AUDIT_EVENT.SEQ.desc())
                .limit(1)
                .fetchOptional()
                .map(EventRows::fromRow);
    }

    /**
     * One page of events matching every condition, newest first, after the page {@code cursor} ended (from the
     * newest when null), with the cursor of the next page (null on the last). Keyset on seq; one row more than
     * the page tells whether a next page exists without a count.
     *
     * @throws InvalidCursorException    for a cursor this log did not issue, whether or not the store is up
     * @throws AuditUnavailableException when the store is down
     */
    EventPage page(List<Condition> conditions, String cursor, int limit) {
        var where = new ArrayList<>(conditions);
        if (cursor != null) {
            where.add(AUDIT_EVENT.SEQ.lt(Cursor.decode(cursor)));
        }
        var rows = AuditFailures.guarded("list", () -> ctx.selectFrom(AUDIT_EVENT)
                .where(where)
                .orderBy(AUDIT_EVENT.SEQ.desc())
                .limit(limit + 1)
                .fetchInto(AUDIT_EVENT)
                .map(EventRows::fromRow));
        var items = rows.stream().limit(limit).toList();
        return new EventPage(items, rows.size() > limit ? Cursor.encode(items.getLast().seq()) : null);
    }

    /**
     * Verifies the chain against {@code checkpoints}: the whole chain, or with {@code incremental} only the
     * records after the newest point an earlier walk of this instance found intact (the whole chain while there
     * is none). An intact result becomes that point; any finding clears it, so every later verify walks the whole
     * chain again and keeps reporting the finding.
     *
     * @param checkpointProblems what is wrong with the checkpoints themselves (reported as they are)
     */
    ChainVerification verify(Map<Checkpoint, String> checkpoints, List<String> checkpointProblems, boolean incremental) {
        var verifier = new ChainVerifier(ctx, VERIFY_BATCH, key.publicKey());
        VerifiedPoint from = incremental ? verifiedPoint() : null;
        var result = from == null ? verifier.verify(checkpoints, checkpointProblems)
                : verifier.verifyAfter(from, checkpoints, checkpointProblems);
        remember(result);
        return result;
    }

    private synchronized VerifiedPoint verifiedPoint() {
        return verified;
    }

    private synchronized void remember(ChainVerification v) {
        if (!v.intact()) {
            verified = null;
        } else if (v.headSeq() > 0 && (verified == null || v.headSeq() >= verified.seq())) {
            verified = new VerifiedPoint(v.headSeq(), v.headHash(), v.signedThroughSeq(), Instant.now());
        }
    }

    AuditKey key() {
        return key;
    }

    void ping() {
        ctx.selectOne().queryTimeout(1).fetch();
    }
}
