package io.tollgate.audit;

import static io.tollgate.db.generated.Tables.DECISION_AUDIT;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The {@link DecisionLog} in PostgreSQL through jOOQ.
 *
 * <p>Appends are serialized with a transaction-scoped advisory lock rather than a Java lock because
 * several service replicas may share the database: whoever holds the lock reads the head (last seq and
 * hash), computes the next hash and inserts, and the lock is released by the commit. Reading the head
 * under the lock is what makes the chain linear; the primary key on seq and the unique hash are a
 * second line of defence. The database itself refuses UPDATE, DELETE and TRUNCATE (migration V1).
 *
 * <p>A decision id that is already recorded is a caller bug (ids are generated per decision) and
 * raises {@link IllegalArgumentException}; every other database failure becomes
 * {@link AuditUnavailableException}, with the transaction rolled back so nothing is half-written.
 */
public final class JooqDecisionLog implements DecisionLog {
    /** Advisory lock key for appends: the ASCII bytes of "tollgate" as a bigint, unlikely to collide. */
    static final long APPEND_LOCK = 0x746F6C6C67617465L;
    private static final int VERIFY_BATCH = 500;
    private static final Logger LOG = Logger.getLogger(JooqDecisionLog.class.getName());
    private static final String UNIQUE_VIOLATION = "23505";

    private final DSLContext ctx;

    public JooqDecisionLog(DSLContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public DecisionRecord append(NewDecision decision) {
        return guarded("append", () -> {
            try {
                return ctx.transactionResult(c -> appendLocked(c.dsl(), decision));
            } catch (DataAccessException e) {
                if (UNIQUE_VIOLATION.equals(e.sqlState()) && String.valueOf(e.getMessage()).contains("decision_id")) {
                    throw new IllegalArgumentException("decision " + decision.decisionId() + " is already recorded", e);
                }
                throw e;
            }
        });
    }

    private static DecisionRecord appendLocked(DSLContext tx, NewDecision decision) {
        tx.fetch("select pg_advisory_xact_lock(?)", APPEND_LOCK);
        var head = tx.select(DECISION_AUDIT.SEQ, DECISION_AUDIT.HASH)
                .from(DECISION_AUDIT)
                .orderBy(DECISION_AUDIT.SEQ.desc())
                .limit(1)
                .fetchOptional();
        long seq = head.map(h -> h.value1() + 1).orElse(1L);
        String previousHash = head.map(h -> h.value2()).orElse(HashChain.GENESIS);
        // The database clock, read after the lock: one clock for all replicas, and increasing with seq.
        var recordedAt = tx.select(DSL.field("clock_timestamp()", SQLDataType.TIMESTAMPWITHTIMEZONE(6)))
                .fetchSingle().value1().toInstant().truncatedTo(ChronoUnit.MICROS);
        var hash = HashChain.hash(seq, decision, recordedAt, previousHash);
        var record = new DecisionRecord(seq, decision, recordedAt, previousHash, hash);
        tx.insertInto(DECISION_AUDIT).set(AuditRows.toRow(record)).execute();
        return record;
    }

    @Override
    public Optional<DecisionRecord> find(UUID decisionId) {
        return guarded("find", () -> ctx.selectFrom(DECISION_AUDIT)
                .where(DECISION_AUDIT.DECISION_ID.eq(decisionId))
                .fetchOptional()
                .map(AuditRows::fromRow));
    }

    @Override
    public DecisionPage list(DecisionQuery query) {
        // Decode first: a bad cursor is the caller's error whether or not the store is up.
        Long below = query.cursor() == null ? null : Cursor.decode(query.cursor());
        var conditions = new ArrayList<Condition>();
        if (query.service() != null) {
            conditions.add(DECISION_AUDIT.SERVICE.eq(query.service()));
        }
        if (query.outcome() != null) {
            conditions.add(DECISION_AUDIT.OUTCOME.eq(query.outcome().wire()));
        }
        if (query.since() != null) {
            conditions.add(DECISION_AUDIT.EVALUATED_AT.ge(AuditRows.utc(query.since())));
        }
        if (below != null) {
            conditions.add(DECISION_AUDIT.SEQ.lt(below));
        }
        // One row more than asked tells whether a next page exists without a count query.
        var rows = guarded("list", () -> ctx.selectFrom(DECISION_AUDIT)
                .where(conditions)
                .orderBy(DECISION_AUDIT.SEQ.desc())
                .limit(query.limit() + 1)
                .fetch());
        var items = rows.stream().limit(query.limit()).map(AuditRows::fromRow).toList();
        String next = rows.size() > query.limit() ? Cursor.encode(items.getLast().seq()) : null;
        return new DecisionPage(items, next);
    }

    @Override
    public ChainVerification verify() {
        return guarded("verify", () -> new ChainVerifier(ctx, VERIFY_BATCH).verify());
    }

    @Override
    public String healthProblem() {
        try {
            ctx.selectOne().queryTimeout(1).fetch();
            return null;
        } catch (DataAccessException e) {
            return "audit database unreachable: " + firstLine(e);
        }
    }

    private static <T> T guarded(String operation, Supplier<T> body) {
        try {
            return body.get();
        } catch (DataAccessException e) {
            LOG.log(Level.WARNING, "audit " + operation + " failed: " + firstLine(e));
            throw new AuditUnavailableException("audit log unavailable (" + operation + "): " + firstLine(e), e);
        }
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
