package io.tollgate.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.postgresql.util.PSQLException;

/**
 * Appends batches to the chain in {@code audit_event}: chains each batch onto the head, signs its last
 * record, inserts it in one transaction under the append advisory lock.
 *
 * <p>Two paths, both under the lock. Usually the head is the last record this writer committed, so it is
 * known without asking: the lock and the insert go to PostgreSQL as one message sequence with one Sync
 * (one round trip; the extended protocol runs them in one implicit transaction that commits at the Sync,
 * and holds the lock until then). Whether the head really was that record is settled by the primary key on
 * {@code seq}: if anyone appended meanwhile (another replica, or a forger), the insert collides with the
 * committed row and nothing of the batch exists; then the slow path reads the head under the lock, checks
 * its signature and chains onto it in an explicit transaction (four round trips). Records are immutable,
 * so "row {@code seq} has hash {@code h}" stays true once committed: a batch inserted at {@code seq + 1}
 * with {@code previous_hash = h} is always correctly chained.
 *
 * <p>{@code recorded_at} is this service's clock, never earlier than the head's: the chain's timestamps never
 * go backwards even across replicas whose clocks differ a little.
 */
final class ChainWriter {
    /** Advisory lock key for appends: the ASCII bytes of "tollgate" as a bigint, unlikely to collide. */
    static final long APPEND_LOCK = 0x746F6C6C67617465L;
    private static final String COLUMNS =
            "seq, kind, subject, actor, trace_id, recorded_at, payload, hash_format, previous_hash, hash, signature, key_id";
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?::json, ?, ?, ?, ?, ?)";
    private static final int PARAMETERS_PER_ROW = 12;
    /** Rows per INSERT statement: PostgreSQL takes at most 65,535 parameters per statement. */
    private static final int ROWS_PER_INSERT = 1000;
    /** Unique constraints that mean "the head moved" (PostgreSQL's default names for the seq key and the unique hash). */
    private static final List<String> HEAD_CONSTRAINTS = List.of("audit_event_pkey", "audit_event_hash_key");

    private final DSLContext ctx;
    private final AuditKey key;
    private final Clock clock;
    /** The last record this writer committed: signed by this service, so the head's signature need not be checked. */
    private volatile Head lastCommitted;

    ChainWriter(DSLContext ctx, AuditKey key, Clock clock) {
        this.ctx = ctx;
        this.key = key;
        this.clock = clock;
    }

    /**
     * Appends {@code events} in order, in one transaction, chained to the current head. Returns them as
     * stored once committed; on any failure nothing of the batch exists.
     *
     * @throws DataAccessException     as jOOQ reports it (its {@code sqlState()} tells a duplicate subject)
     * @throws AuditTamperedException  when the head is not signed by this service
     */
    List<AuditEvent> appendBatch(List<PreparedEvent> events) {
        var known = lastCommitted;
        List<AuditEvent> stored = null;
        if (known != null) {
            stored = insertOnKnownHead(events, known);
        }
        if (stored == null) {
            stored = appendAfterReadingHead(events);
        }
        lastCommitted = Head.of(stored.getLast());
        return stored;
    }

    /** After a failed batch whose outcome may be unknown: the next batch reads the head under the lock. */
    void forgetHead() {
        lastCommitted = null;
    }

    /** The fast path; {@code null} when the head moved and nothing was written. */
    private List<AuditEvent> insertOnKnownHead(List<PreparedEvent> events, Head head) {
        var stored = chain(events, head);
        try {
            ctx.connection(connection -> lockAndInsert(connection, stored, events));
        } catch (DataAccessException e) {
            if (headMoved(e)) {
                return null;
            }
            throw e;
        }
        return stored;
    }

    private static void lockAndInsert(Connection connection, List<AuditEvent> stored, List<PreparedEvent> events) throws SQLException {
        if (!connection.getAutoCommit()) {
            throw new IllegalStateException("the audit fast path needs an autocommit connection (one implicit transaction per Sync)");
        }
        try (var statement = connection.prepareStatement("select pg_advisory_xact_lock(?);\n" + insertSql(stored.size()))) {
            statement.setLong(1, APPEND_LOCK);
            bindRows(statement, 2, stored, events);
            statement.execute();
        }
    }

    /** INSERT statements for {@code rows} rows, separated by semicolons: one message sequence however many rows. */
    private static String insertSql(int rows) {
        var sql = new StringBuilder();
        for (int from = 0; from < rows; from += ROWS_PER_INSERT) {
            sql.append(from == 0 ? "" : ";\n").append("insert into audit_event (").append(COLUMNS).append(") values ");
            for (int r = from; r < Math.min(rows, from + ROWS_PER_INSERT); r++) {
                sql.append(r == from ? ROW : ", " + ROW);
            }
        }
        return sql.toString();
    }

    private static void bindRows(PreparedStatement statement, int first, List<AuditEvent> stored, List<PreparedEvent> events)
            throws SQLException {
        for (int i = 0; i < stored.size(); i++) {
            bindRow(statement, first + i * PARAMETERS_PER_ROW, stored.get(i), events.get(i).payloadText());
        }
    }

    private static void bindRow(PreparedStatement statement, int first, AuditEvent e, String payloadText) throws SQLException {
        int p = first;
        statement.setLong(p++, e.seq());
        statement.setString(p++, e.kind());
        statement.setString(p++, e.subject());
        statement.setString(p++, e.actor());
        statement.setString(p++, e.traceId());
        statement.setObject(p++, EventRows.utc(e.recordedAt()));
        statement.setString(p++, payloadText);
        statement.setShort(p++, (short) e.hashFormat());
        statement.setString(p++, e.previousHash());
        statement.setString(p++, e.hash());
        statement.setObject(p++, e.signature(), Types.VARCHAR);
        statement.setObject(p, e.keyId(), Types.VARCHAR);
    }

    private static boolean headMoved(DataAccessException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PSQLException p && p.getServerErrorMessage() != null) {
                // Most server errors name no constraint (e.g. 57P01, the server going away); List.of's contains(null) throws.
                String constraint = p.getServerErrorMessage().getConstraint();
                return constraint != null && HEAD_CONSTRAINTS.contains(constraint);
            }
        }
        return false;
    }

    /** The slow path: lock, read the head (checking its signature), chain onto it, insert, commit. */
    private List<AuditEvent> appendAfterReadingHead(List<PreparedEvent> events) {
        return ctx.transactionResult(c -> {
            var tx = c.dsl();
            tx.fetch("select pg_advisory_xact_lock(?)", APPEND_LOCK);
            // A separate statement from the lock, so its snapshot sees the previous holder's commit.
            var row = tx.resultQuery("""
                    select seq, hash, hash_format, signature, key_id, recorded_at from audit_event
                    order by seq desc limit 1""").fetchOne();
            Optional<Head> head = Optional.empty();
            if (row != null) {
                var h = new Head(row.get("seq", Long.class), row.get("hash", String.class),
                        row.get("recorded_at", OffsetDateTime.class).toInstant());
                requireSignedHead(h, row.get("hash_format", Integer.class), row.get("signature", String.class),
                        row.get("key_id", String.class));
                head = Optional.of(h);
            }
            var stored = chain(events, head.orElse(null));
            tx.connection(connection -> insert(connection, stored, events));
            return stored;
        });
    }

    private static void insert(Connection connection, List<AuditEvent> stored, List<PreparedEvent> events) throws SQLException {
        try (var statement = connection.prepareStatement(insertSql(stored.size()))) {
            bindRows(statement, 1, stored, events);
            statement.execute();
        }
    }

    /**
     * Refuses to chain onto a head this service did not sign: signing on top of it would vouch for rows
     * someone appended without the key. Records from before signing (hash format 1) are the one exception:
     * the first signed batch after the upgrade adopts them.
     */
    private void requireSignedHead(Head head, int hashFormat, String signature, String keyId) {
        var known = lastCommitted;
        if (known != null && head.hash().equals(known.hash())) {
            return;
        }
        if (hashFormat != HashChain.LEGACY_DECISION && !RecordSignature.valid(head.hash(), signature, keyId, key.publicKey())) {
            throw new AuditTamperedException("the newest audit record (seq " + head.seq() + ") is not signed by this "
                    + "service's key " + key.publicKey().id() + ": rows were appended without the key (or the key changed); "
                    + "nothing more is recorded until an operator checks GET /v1/audit/verify");
        }
    }

    /** The batch as it will be stored: numbered and chained after {@code head} (null: the first records), the last one signed. */
    private List<AuditEvent> chain(List<PreparedEvent> events, Head head) {
        var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant recordedAt = head != null && head.recordedAt().isAfter(now) ? head.recordedAt() : now;
        long seq = head != null ? head.seq() : 0L;
        String previous = head != null ? head.hash() : HashChain.GENESIS;
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
        return stored;
    }

    /** The chain's newest record, as far as chaining needs it. */
    private record Head(long seq, String hash, Instant recordedAt) {
        static Head of(AuditEvent e) {
            return new Head(e.seq(), e.hash(), e.recordedAt());
        }
    }
}
