package io.tollgate.audit;

import static io.tollgate.db.generated.Tables.AUDIT_EVENT;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;

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
    private final AuditKey key;
    /**
     * Hash of the last record this store committed. When the head is still that record, it is known to be
     * signed by this service (it signed it), so the ~1 ms Ed25519 verification of the head is skipped; any
     * other head (another replica's batch, the first batch after start) is verified.
     */
    private volatile String lastCommittedHash;

    EventStore(DSLContext ctx, AuditKey key) {
        this.ctx = ctx;
        this.key = key;
    }

    /**
     * Appends {@code events} in order, in one transaction, chained to the current head. Returns them as
     * stored once committed; on any failure the transaction is rolled back and nothing of the batch exists.
     */
    List<AuditEvent> appendBatch(List<PreparedEvent> events) {
        var stored = appendInTransaction(events);
        lastCommittedHash = stored.getLast().hash();
        return stored;
    }

    private List<AuditEvent> appendInTransaction(List<PreparedEvent> events) {
        return ctx.transactionResult(c -> {
            var tx = c.dsl();
            tx.fetch("select pg_advisory_xact_lock(?)", APPEND_LOCK);
            // One round trip after the lock: the head (only the columns chaining needs, never its payload) and the
            // database clock. The clock is read after the lock: one clock for all replicas, never behind an earlier
            // batch. A separate statement from the lock, so its snapshot sees the previous holder's commit.
            var row = tx.resultQuery("""
                    select clock_timestamp() as now, h.seq, h.hash, h.hash_format, h.signature, h.key_id
                    from (select 1) as one
                    left join lateral (select seq, hash, hash_format, signature, key_id from audit_event
                                       order by seq desc limit 1) as h on true""").fetchSingle();
            var recordedAt = row.get("now", java.time.OffsetDateTime.class).toInstant().truncatedTo(ChronoUnit.MICROS);
            Optional<Head> head = row.get("seq") == null ? Optional.empty() : Optional.of(new Head(row.get("seq", Long.class),
                    row.get("hash", String.class), row.get("hash_format", Integer.class), row.get("signature", String.class),
                    row.get("key_id", String.class)));
            head.ifPresent(this::requireSignedHead);
            long seq = head.map(Head::seq).orElse(0L);
            String previous = head.map(Head::hash).orElse(HashChain.GENESIS);
            var stored = new ArrayList<AuditEvent>(events.size());
            for (var p : events) {
                seq++;
                var e = p.event();
                String hash = HashChain.hash(seq, p, recordedAt, previous);
                stored.add(new AuditEvent(seq, e.kind().wire(), e.subject(), e.actor(), e.traceId(), recordedAt,
                        e.payload(), HashChain.EVENT, previous, hash, null, null));
                previous = hash;
            }
            // The batch ends in a signed record: it vouches for the whole chain up to here.
            var last = stored.getLast();
            stored.set(stored.size() - 1, last.signed(RecordSignature.sign(last.hash(), key), key.publicKey().id()));
            // Plain values per row: valuesOfRecords maps each record through a RecordMapper cache that jOOQ
            // rebuilds for every transaction's configuration, the largest allocation of a check (JFR).
            var insert = tx.insertInto(AUDIT_EVENT, AUDIT_EVENT.fields());
            for (int i = 0; i < stored.size(); i++) {
                insert = insert.values(EventRows.columnValues(EventRows.toRow(stored.get(i), events.get(i).payloadJson())));
            }
            insert.execute();
            return stored;
        });
    }

    /**
     * Refuses to chain onto a head this service did not sign: signing on top of it would vouch for rows
     * someone appended without the key. Records from before signing (hash format 1) are the one exception:
     * the first signed batch after the upgrade adopts them.
     */
    private void requireSignedHead(Head head) {
        if (head.hash().equals(lastCommittedHash)) {
            return;
        }
        if (head.hashFormat() != HashChain.LEGACY_DECISION
                && !RecordSignature.valid(head.hash(), head.signature(), head.keyId(), key.publicKey())) {
            throw new AuditTamperedException("the newest audit record (seq " + head.seq() + ") is not signed by this "
                    + "service's key " + key.publicKey().id() + ": rows were appended without the key (or the key changed); "
                    + "nothing more is recorded until an operator checks GET /v1/audit/verify");
        }
    }

    /** The chain's newest record, as far as appending needs it. */
    private record Head(long seq, String hash, int hashFormat, String signature, String keyId) {
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
                .fetch(EventRows::fromRow));
        var items = rows.stream().limit(limit).toList();
        return new EventPage(items, rows.size() > limit ? Cursor.encode(items.getLast().seq()) : null);
    }

    ChainVerification verify(java.util.Map<Checkpoint, String> checkpoints) {
        return new ChainVerifier(ctx, VERIFY_BATCH, key.publicKey()).verify(checkpoints);
    }

    AuditKey key() {
        return key;
    }

    void ping() {
        ctx.selectOne().queryTimeout(1).fetch();
    }
}
