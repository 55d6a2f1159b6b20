package io.tollgate.release;

import static io.tollgate.db.generated.Tables.RELEASES;
import static io.tollgate.db.generated.Tables.RELEASE_ANALYSIS_LOOKS;
import static io.tollgate.db.generated.Tables.RELEASE_HISTORY;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * Releases and their history on PostgreSQL. Every write is one transaction holding the row change and the
 * history lines it produced (the outbox the audit log is fed from), guarded by the row's version.
 */
public final class ReleaseStore {
    private final DSLContext dsl;

    public ReleaseStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Another write changed the release since it was read; the caller re-reads and decides again. */
    public static final class StaleReleaseException extends RuntimeException {
        public StaleReleaseException(UUID id, long version) {
            super("release " + id + " changed since version " + version);
        }
    }

    /** A release of the same service and environment is still active. */
    public static final class ActiveReleaseExists extends RuntimeException {
        private final Release active;

        public ActiveReleaseExists(Release active) {
            super("release " + active.id() + " of " + active.spec().service() + " in " + active.spec().environment()
                    + " is still " + active.state().wire());
            this.active = active;
        }

        public Release active() {
            return active;
        }
    }

    /** A history line to write with a row change. */
    public record NewEntry(String kind, String actor, ObjectNode payload, boolean audited) {
    }

    /**
     * Inserts a new release with its first history lines.
     *
     * @throws ActiveReleaseExists when the service already has an active release in that environment
     */
    public void insert(Release r, String idempotencyKey, String requestHash, List<NewEntry> entries, Instant now) {
        try {
            dsl.transaction(c -> {
                var tx = c.dsl();
                var rec = tx.newRecord(RELEASES);
                ReleaseRows.fill(rec, r);
                rec.setId(r.id());
                rec.setService(r.spec().service());
                rec.setEnvironment(r.spec().environment());
                rec.setVersion(r.spec().version());
                rec.setDryRun(r.spec().dryRun());
                rec.setSpec(ReleaseRows.specJson(r.spec()));
                rec.setCreatedBy(r.createdBy());
                rec.setCreatedAt(ReleaseRows.utc(r.createdAt()));
                rec.setIdempotencyKey(idempotencyKey);
                rec.setRequestHash(requestHash);
                rec.setRowVersion(0L);
                rec.insert();
                addHistory(tx, r.id(), entries, now);
            });
        } catch (DataAccessException e) {
            if (e.getMessage() != null && e.getMessage().contains("releases_one_active")) {
                throw new ActiveReleaseExists(active(r.spec().service(), r.spec().environment()).orElse(r));
            }
            throw e;
        }
    }

    /**
     * Writes {@code next} if the row is still at {@code next.rowVersion()}, with its history lines, and returns the
     * row as stored (version + 1). @throws StaleReleaseException when another write came first
     */
    public Release save(Release next, List<NewEntry> entries, Instant now) {
        return save(next, entries, List.of(), now);
    }

    /** One look of a bake's canary analysis, written with the row that carries the test's state after it. */
    public record AnalysisLook(int applyNo, int lookNo, int stageIndex, String stage, Instant at, String verdict, String explanation,
                               com.fasterxml.jackson.databind.node.ArrayNode metrics) {
    }

    /** As {@link #save(Release, List, Instant)}, with the analysis looks that produced {@code next.analysis()}. */
    public Release save(Release next, List<NewEntry> entries, List<AnalysisLook> looks, Instant now) {
        return dsl.transactionResult(c -> {
            var tx = c.dsl();
            var rec = tx.newRecord(RELEASES);
            ReleaseRows.fill(rec, next);
            rec.setRowVersion(next.rowVersion() + 1);
            var changed = new ArrayList<org.jooq.Field<?>>(List.of(RELEASES.fields()));
            changed.removeAll(List.of(RELEASES.ID, RELEASES.SERVICE, RELEASES.ENVIRONMENT, RELEASES.VERSION,
                    RELEASES.DRY_RUN, RELEASES.SPEC, RELEASES.CREATED_BY, RELEASES.CREATED_AT, RELEASES.IDEMPOTENCY_KEY,
                    RELEASES.REQUEST_HASH));
            rec.changed(false);
            changed.forEach(f -> rec.changed(f, true));
            int rows = tx.update(RELEASES).set(rec)
                    .where(RELEASES.ID.eq(next.id()).and(RELEASES.ROW_VERSION.eq(next.rowVersion())))
                    .execute();
            if (rows != 1) {
                throw new StaleReleaseException(next.id(), next.rowVersion());
            }
            addHistory(tx, next.id(), entries, now);
            for (var l : looks) {
                tx.insertInto(RELEASE_ANALYSIS_LOOKS)
                        .set(RELEASE_ANALYSIS_LOOKS.RELEASE_ID, next.id())
                        .set(RELEASE_ANALYSIS_LOOKS.APPLY_NO, l.applyNo())
                        .set(RELEASE_ANALYSIS_LOOKS.LOOK_NO, l.lookNo())
                        .set(RELEASE_ANALYSIS_LOOKS.STAGE_INDEX, l.stageIndex())
                        .set(RELEASE_ANALYSIS_LOOKS.STAGE, l.stage())
                        .set(RELEASE_ANALYSIS_LOOKS.AT, ReleaseRows.utc(l.at()))
                        .set(RELEASE_ANALYSIS_LOOKS.VERDICT, l.verdict())
                        .set(RELEASE_ANALYSIS_LOOKS.EXPLANATION, l.explanation())
                        .set(RELEASE_ANALYSIS_LOOKS.METRICS, ReleaseRows.jsonb(l.metrics()))
                        .execute();
            }
            return ReleaseRows.release(tx.selectFrom(RELEASES).where(RELEASES.ID.eq(next.id())).fetchOne());
        });
    }

    /** Appends history lines without changing the row (e.g. a bake look worth keeping). */
    public void addHistory(UUID id, List<NewEntry> entries, Instant now) {
        dsl.transaction(c -> addHistory(c.dsl(), id, entries, now));
    }

    private static void addHistory(DSLContext tx, UUID id, List<NewEntry> entries, Instant now) {
        if (entries.isEmpty()) {
            return;
        }
        // The row lock (update above, or this for-update) serializes writers of one release's history.
        tx.selectFrom(RELEASES).where(RELEASES.ID.eq(id)).forUpdate().fetchOne();
        Integer max = tx.select(DSL.max(RELEASE_HISTORY.SEQ)).from(RELEASE_HISTORY).where(RELEASE_HISTORY.RELEASE_ID.eq(id))
                .fetchOne(0, Integer.class);
        int seq = max == null ? 0 : max;
        for (var e : entries) {
            tx.insertInto(RELEASE_HISTORY)
                    .set(RELEASE_HISTORY.RELEASE_ID, id)
                    .set(RELEASE_HISTORY.SEQ, ++seq)
                    .set(RELEASE_HISTORY.AT, ReleaseRows.utc(now))
                    .set(RELEASE_HISTORY.KIND, e.kind())
                    .set(RELEASE_HISTORY.ACTOR, e.actor())
                    .set(RELEASE_HISTORY.PAYLOAD, ReleaseRows.jsonb(e.payload()))
                    .set(RELEASE_HISTORY.AUDITED, e.audited())
                    .execute();
        }
    }

    public Optional<Release> find(UUID id) {
        return dsl.selectFrom(RELEASES).where(RELEASES.ID.eq(id)).fetchOptional().map(ReleaseRows::release);
    }

    /** The release created by {@code createdBy} with this Idempotency-Key, with the hash of its request. */
    public Optional<IdempotentHit> byIdempotencyKey(String createdBy, String key) {
        return dsl.selectFrom(RELEASES).where(RELEASES.CREATED_BY.eq(createdBy).and(RELEASES.IDEMPOTENCY_KEY.eq(key)))
                .fetchOptional().map(r -> new IdempotentHit(ReleaseRows.release(r), r.getRequestHash()));
    }

    public record IdempotentHit(Release release, String requestHash) {
    }

    public Optional<Release> active(String service, String environment) {
        return dsl.selectFrom(RELEASES)
                .where(RELEASES.SERVICE.eq(service).and(RELEASES.ENVIRONMENT.eq(environment))
                        .and(RELEASES.STATE.notIn("promoted", "rolled_back", "aborted", "failed")))
                .fetchOptional().map(ReleaseRows::release);
    }

    /** Newest first; null filters match everything. */
    public List<Release> list(String service, ReleaseState state, int limit) {
        Condition where = DSL.trueCondition();
        if (service != null) {
            where = where.and(RELEASES.SERVICE.eq(service));
        }
        if (state != null) {
            where = where.and(RELEASES.STATE.eq(state.wire()));
        }
        return dsl.selectFrom(RELEASES).where(where).orderBy(RELEASES.CREATED_AT.desc()).limit(limit)
                .fetch().map(ReleaseRows::release);
    }

    /** How many releases are in each state (for the {@code tollgate_releases} gauge). */
    public java.util.Map<String, Integer> countByState() {
        return dsl.select(RELEASES.STATE, DSL.count()).from(RELEASES).groupBy(RELEASES.STATE)
                .fetchMap(RELEASES.STATE, DSL.count());
    }

    public List<HistoryEntry> history(UUID id) {
        return dsl.selectFrom(RELEASE_HISTORY).where(RELEASE_HISTORY.RELEASE_ID.eq(id)).orderBy(RELEASE_HISTORY.SEQ)
                .fetch().map(ReleaseRows::entry);
    }

    /** Every analysis look of the release, by bake and look. */
    public List<AnalysisLook> analysisLooks(UUID id) {
        return dsl.selectFrom(RELEASE_ANALYSIS_LOOKS).where(RELEASE_ANALYSIS_LOOKS.RELEASE_ID.eq(id))
                .orderBy(RELEASE_ANALYSIS_LOOKS.APPLY_NO, RELEASE_ANALYSIS_LOOKS.LOOK_NO)
                .fetch(r -> new AnalysisLook(r.getApplyNo(), r.getLookNo(), r.getStageIndex(), r.getStage(), ReleaseRows.instant(r.getAt()),
                        r.getVerdict(), r.getExplanation(), ReleaseRows.array(r.getMetrics())));
    }

    /** History lines not yet in the audit log, oldest first. */
    public List<HistoryEntry> unaudited(UUID id) {
        return dsl.selectFrom(RELEASE_HISTORY)
                .where(RELEASE_HISTORY.RELEASE_ID.eq(id).and(RELEASE_HISTORY.AUDITED.isFalse()))
                .orderBy(RELEASE_HISTORY.SEQ).fetch().map(ReleaseRows::entry);
    }

    public void markAudited(UUID id, int seq) {
        dsl.update(RELEASE_HISTORY).set(RELEASE_HISTORY.AUDITED, true)
                .where(RELEASE_HISTORY.RELEASE_ID.eq(id).and(RELEASE_HISTORY.SEQ.eq(seq))).execute();
    }

    /** Releases that may need a step (non-terminal or with a reset pending), for re-arming at start-up. */
    public List<UUID> needingSteps() {
        return dsl.select(RELEASES.ID).from(RELEASES)
                .where(RELEASES.STATE.notIn("promoted", "rolled_back", "aborted", "failed", "halted")
                        .or(RELEASES.RESET_PENDING.isTrue()))
                .fetch(RELEASES.ID);
    }

}
