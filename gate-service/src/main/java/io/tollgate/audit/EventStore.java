package io.tollgate.audit;

import static io.tollgate.db.generated.Tables.AUDIT_EVENT;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The {@code audit_event} table through jOOQ: batch appends, keyset pages, verification.
 *
 * <p>Appends are serialized with a transaction-scoped advisory lock rather than a Java lock because
 * several service replicas may share the database: whoever holds the lock reads the head (last seq and
 * hash), chains the whole batch onto it and inserts it in one statement, and the commit releases the
 * lock. Reading the head under the lock is what makes the chain linear; the primary key on seq and the
 * unique hash are a second line of defence. The database itself refuses UPDATE, DELETE and TRUNCATE.
 *
 * <p>Methods throw jOOQ's {@code DataAccessException} as is; callers decide what it means.
 */
final class EventStore {
    /** Advisory lock key for appends: the ASCII bytes of "tollgate" as a bigint, unlikely to collide. */
    static final long APPEND_LOCK = 0x746F6C6C67617465L;
    private static final int VERIFY_BATCH = 500;

    private final DSLContext ctx;

    EventStore(DSLContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Appends {@code events} in order, in one transaction, chained to the current head. Returns them as
     * stored once committed; on any failure the transaction is rolled back and nothing of the batch exists.
     */
    List<AuditEvent> appendBatch(List<NewEvent> events) {
        return ctx.transactionResult(c -> {
            var tx = c.dsl();
            tx.fetch("select pg_advisory_xact_lock(?)", APPEND_LOCK);
            var head = tx.select(AUDIT_EVENT.SEQ, AUDIT_EVENT.HASH)
                    .from(AUDIT_EVENT)
                    .orderBy(AUDIT_EVENT.SEQ.desc())
                    .limit(1)
                    .fetchOptional();
            long seq = head.map(h -> h.value1()).orElse(0L);
            String previous = head.map(h -> h.value2()).orElse(HashChain.GENESIS);
            // The database clock, read after the lock: one clock for all replicas, never behind an earlier batch.
            var recordedAt = tx.select(DSL.field("clock_timestamp()", SQLDataType.TIMESTAMPWITHTIMEZONE(6)))
                    .fetchSingle().value1().toInstant().truncatedTo(ChronoUnit.MICROS);
            var stored = new ArrayList<AuditEvent>(events.size());
            for (var e : events) {
                seq++;
                String hash = HashChain.hash(seq, e, recordedAt, previous);
                stored.add(new AuditEvent(seq, e.kind().wire(), e.subject(), e.actor(), e.traceId(), recordedAt,
                        e.payload(), HashChain.EVENT, previous, hash));
                previous = hash;
            }
            tx.insertInto(AUDIT_EVENT, AUDIT_EVENT.fields())
                    .valuesOfRecords(stored.stream().map(EventRows::toRow).toList())
                    .execute();
            return stored;
        });
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
     * Events matching every condition with seq below {@code belowSeq} (all when null), newest first, at most
     * {@code limit + 1} of them: one more than a page tells whether a next page exists without a count.
     */
    List<AuditEvent> pageBelow(List<Condition> conditions, Long belowSeq, int limit) {
        var where = new ArrayList<>(conditions);
        if (belowSeq != null) {
            where.add(AUDIT_EVENT.SEQ.lt(belowSeq));
        }
        return ctx.selectFrom(AUDIT_EVENT)
                .where(where)
                .orderBy(AUDIT_EVENT.SEQ.desc())
                .limit(limit + 1)
                .fetch(EventRows::fromRow);
    }

    ChainVerification verify() {
        return new ChainVerifier(ctx, VERIFY_BATCH).verify();
    }

    void ping() {
        ctx.selectOne().queryTimeout(1).fetch();
    }
}
