package io.tollgate.audit;

import static io.tollgate.db.generated.Tables.AUDIT_EVENT;

import io.tollgate.config.AuditConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * The {@link EventLog} in PostgreSQL: appends through a {@link GroupCommitAppender} (each batch ending in
 * a record signed with the {@link AuditKey}), reads through jOOQ, checkpoints through a
 * {@link CheckpointPublisher}.
 */
public final class JooqEventLog implements EventLog, AutoCloseable {
    private static final GroupCommitAppender.Listener NO_LISTENER = new GroupCommitAppender.Listener() {
        @Override
        public void batchCommitted(int size, double seconds) {
        }

        @Override
        public void batchFailed(int size) {
        }
    };

    private final EventStore store;
    private final GroupCommitAppender appender;
    private final CheckpointPublisher checkpoints;

    /** How long an append waits for its commit unless told otherwise: {@code database.statementTimeout}'s default. */
    private static final Duration DEFAULT_APPEND_TIMEOUT = Duration.ofSeconds(5);

    private JooqEventLog(DSLContext ctx, AuditKey key, CheckpointFile checkpointFile, int maxBatch, Duration maxBatchWait,
                         Duration appendTimeout, Duration checkpointInterval, GroupCommitAppender.Listener listener) {
        this.store = new EventStore(ctx, key);
        this.appender = new GroupCommitAppender(store, maxBatch, maxBatchWait, appendTimeout, listener);
        this.checkpoints = new CheckpointPublisher(store, checkpointFile, new CheckpointMirror(ctx, checkpointFile.path()),
                store.integrity(), checkpointInterval, Clock.systemUTC());
    }

    /**
     * The log as configured: the signing key read (or created) from {@code audit.signingKeyFile}, checkpoints
     * in {@code audit.checkpointFile}; an append waits at most {@code appendTimeout} for its commit.
     * @throws AuditKeyException when the key file is unusable
     */
    public static JooqEventLog open(DSLContext ctx, AuditConfig config, Duration appendTimeout, GroupCommitAppender.Listener listener) {
        var key = AuditKey.loadOrCreate(config.signingKeyFile());
        return new JooqEventLog(ctx, key, new CheckpointFile(config.checkpointFile()), config.maxBatch(),
                config.maxBatchWait(), appendTimeout, config.checkpointInterval(), listener);
    }

    /** With explicit parts and the default batching (tests and tools). */
    public static JooqEventLog open(DSLContext ctx, AuditKey key, CheckpointFile checkpointFile, int maxBatch,
                                    Duration maxBatchWait, GroupCommitAppender.Listener listener) {
        return new JooqEventLog(ctx, key, checkpointFile, maxBatch, maxBatchWait, DEFAULT_APPEND_TIMEOUT, Duration.ofMinutes(1),
                listener == null ? NO_LISTENER : listener);
    }

    @Override
    public AuditEvent append(NewEvent event) {
        return appender.append(event);
    }

    @Override
    public EventPage list(EventQuery query) {
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
        return store.page(conditions, query.cursor(), query.limit());
    }

    @Override
    public ChainVerification verify() {
        return verify(null);
    }

    @Override
    public ChainVerification verify(Checkpoint given) {
        return verify(given, false);
    }

    @Override
    public ChainVerification verify(Checkpoint given, boolean incremental) {
        return AuditFailures.guarded("verify", () -> {
            var evidence = checkpoints.evidence();
            var against = new LinkedHashMap<>(evidence.checkpoints());
            if (given != null) {
                against.putIfAbsent(given, "given");
            }
            return store.verify(against, evidence.problems(), incremental);
        });
    }

    @Override
    public Optional<Checkpoint> checkpoint() {
        return AuditFailures.guarded("checkpoint", checkpoints::publish);
    }

    @Override
    public AuditKey.AuditPublicKey publicKey() {
        return store.key().publicKey();
    }

    @Override
    public String healthProblem() {
        try {
            store.ping();
            return store.integrity().currentProblem();
        } catch (DataAccessException e) {
            return "audit database unreachable: " + AuditFailures.firstLine(e);
        }
    }

    /** The table, for views over one kind of event ({@link JooqDecisionLog}). */
    EventStore store() {
        return store;
    }

    /** Commits what is queued, publishes a last checkpoint, then refuses further appends. */
    @Override
    public void close() {
        appender.close();
        checkpoints.close();
    }
}
