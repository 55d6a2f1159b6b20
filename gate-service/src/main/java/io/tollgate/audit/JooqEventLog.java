package io.tollgate.audit;

import static io.tollgate.db.generated.Tables.AUDIT_EVENT;

import java.time.Duration;
import java.util.ArrayList;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/** The {@link EventLog} in PostgreSQL: appends through a {@link GroupCommitAppender}, reads through jOOQ. */
public final class JooqEventLog implements EventLog, AutoCloseable {
    private final EventStore store;
    private final GroupCommitAppender appender;

    /**
     * @param maxBatch     most records committed in one transaction
     * @param maxBatchWait how long the writer may wait for more records before committing a batch;
     *                     zero commits what is queued at once (no added latency)
     */
    public JooqEventLog(DSLContext ctx, int maxBatch, Duration maxBatchWait, GroupCommitAppender.Listener listener) {
        this.store = new EventStore(ctx);
        this.appender = new GroupCommitAppender(store, maxBatch, maxBatchWait, listener);
    }

    /** With a batch of up to 256 records, no added wait and no listener. */
    public JooqEventLog(DSLContext ctx) {
        this(ctx, 256, Duration.ZERO, new GroupCommitAppender.Listener() {
            @Override
            public void batchCommitted(int size, double seconds) {
            }

            @Override
            public void batchFailed(int size) {
            }
        });
    }

    @Override
    public AuditEvent append(NewEvent event) {
        return appender.append(event);
    }

    @Override
    public EventPage list(EventQuery query) {
        // Decode first: a bad cursor is the caller's error whether or not the store is up.
        Long below = query.cursor() == null ? null : Cursor.decode(query.cursor());
        var conditions = new ArrayList<Condition>();
        if (query.kind() != null) {
            conditions.add(AUDIT_EVENT.KIND.eq(query.kind().wire()));
        }
        if (query.subject() != null) {
            conditions.add(AUDIT_EVENT.SUBJECT.eq(query.subject()));
        }
        if (query.since() != null) {
            conditions.add(AUDIT_EVENT.RECORDED_AT.ge(EventRows.utc(query.since())));
        }
        var rows = AuditFailures.guarded("list", () -> store.pageBelow(conditions, below, query.limit()));
        var items = rows.stream().limit(query.limit()).toList();
        return new EventPage(items, rows.size() > query.limit() ? Cursor.encode(items.getLast().seq()) : null);
    }

    @Override
    public ChainVerification verify() {
        return AuditFailures.guarded("verify", store::verify);
    }

    @Override
    public String healthProblem() {
        try {
            store.ping();
            return null;
        } catch (DataAccessException e) {
            return "audit database unreachable: " + AuditFailures.firstLine(e);
        }
    }

    /** The table, for views over one kind of event ({@link JooqDecisionLog}). */
    EventStore store() {
        return store;
    }

    /** Commits what is queued, then refuses further appends. */
    @Override
    public void close() {
        appender.close();
    }
}
