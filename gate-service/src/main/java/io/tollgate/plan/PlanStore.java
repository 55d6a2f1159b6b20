package io.tollgate.plan;

import static io.tollgate.db.generated.Tables.RELEASE_PLANS;
import static io.tollgate.db.generated.Tables.RELEASE_PLAN_ENTRIES;
import static io.tollgate.db.generated.Tables.RELEASE_PLAN_HISTORY;

import io.tollgate.release.HistoryEntry;
import io.tollgate.release.ReleaseStore.NewEntry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Plans, their entries and their history on PostgreSQL. Every write is one transaction holding the plan row, all its
 * entries and the history lines it produced (the outbox the audit log is fed from), guarded by the plan's version.
 */
public final class PlanStore {
    private final DSLContext dsl;

    public PlanStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Another write changed the plan since it was read; the caller re-reads and decides again. */
    public static final class StalePlanException extends RuntimeException {
        public StalePlanException(UUID id, long version) {
            super("release plan " + id + " changed since version " + version);
        }
    }

    public record IdempotentHit(Plan plan, String requestHash) {
    }

    public void insert(Plan p, String idempotencyKey, String requestHash, List<NewEntry> lines, Instant now) {
        dsl.transaction(c -> {
            var tx = c.dsl();
            var rec = tx.newRecord(RELEASE_PLANS);
            PlanRows.fill(rec, p);
            rec.setId(p.id());
            rec.setName(p.spec().name());
            rec.setEnvironment(p.spec().environment());
            rec.setDryRun(p.spec().dryRun());
            rec.setSpec(PlanRows.jsonb(p.spec()));
            rec.setCreatedBy(p.createdBy());
            rec.setCreatedAt(PlanRows.utc(p.createdAt()));
            rec.setIdempotencyKey(idempotencyKey);
            rec.setRequestHash(requestHash);
            rec.setRowVersion(0L);
            rec.insert();
            for (var e : p.entries()) {
                var er = tx.newRecord(RELEASE_PLAN_ENTRIES);
                er.setPlanId(p.id());
                er.setEntryKey(e.key());
                er.setPosition(e.position());
                er.setService(e.service());
                PlanRows.fill(er, e);
                er.insert();
            }
            addHistory(tx, p.id(), lines, now);
        });
    }

    /**
     * Writes {@code next} (plan and entries) if the plan is still at {@code next.rowVersion()}, with its history lines,
     * and returns it as stored. @throws StalePlanException when another write came first
     */
    public Plan save(Plan next, List<NewEntry> lines, Instant now) {
        return dsl.transactionResult(c -> {
            var tx = c.dsl();
            int rows = tx.update(RELEASE_PLANS)
                    .set(RELEASE_PLANS.STATE, next.state().wire())
                    .set(RELEASE_PLANS.REASON_CODE, next.reasonCode())
                    .set(RELEASE_PLANS.REASON_MESSAGE, next.reasonMessage())
                    .set(RELEASE_PLANS.ON_FAILURE, next.onFailure())
                    .set(RELEASE_PLANS.SETTLED, next.settled())
                    .set(RELEASE_PLANS.STATE_SINCE, PlanRows.utc(next.stateSince()))
                    .set(RELEASE_PLANS.ROW_VERSION, next.rowVersion() + 1)
                    .where(RELEASE_PLANS.ID.eq(next.id()).and(RELEASE_PLANS.ROW_VERSION.eq(next.rowVersion())))
                    .execute();
            if (rows != 1) {
                throw new StalePlanException(next.id(), next.rowVersion());
            }
            for (var e : next.entries()) {
                var er = tx.newRecord(RELEASE_PLAN_ENTRIES);
                PlanRows.fill(er, e);
                tx.update(RELEASE_PLAN_ENTRIES).set(er)
                        .where(RELEASE_PLAN_ENTRIES.PLAN_ID.eq(next.id()).and(RELEASE_PLAN_ENTRIES.ENTRY_KEY.eq(e.key())))
                        .execute();
            }
            addHistory(tx, next.id(), lines, now);
            return load(tx, next.id()).orElseThrow();
        });
    }

    private static void addHistory(DSLContext tx, UUID id, List<NewEntry> lines, Instant now) {
        if (lines.isEmpty()) {
            return;
        }
        // The plan row lock (the update above, or this for-update) serializes writers of one plan's history.
        tx.selectFrom(RELEASE_PLANS).where(RELEASE_PLANS.ID.eq(id)).forUpdate().fetchOne();
        Integer max = tx.select(DSL.max(RELEASE_PLAN_HISTORY.SEQ)).from(RELEASE_PLAN_HISTORY)
                .where(RELEASE_PLAN_HISTORY.PLAN_ID.eq(id)).fetchOne(0, Integer.class);
        int seq = max == null ? 0 : max;
        for (var l : lines) {
            tx.insertInto(RELEASE_PLAN_HISTORY)
                    .set(RELEASE_PLAN_HISTORY.PLAN_ID, id)
                    .set(RELEASE_PLAN_HISTORY.SEQ, ++seq)
                    .set(RELEASE_PLAN_HISTORY.AT, PlanRows.utc(now))
                    .set(RELEASE_PLAN_HISTORY.KIND, l.kind())
                    .set(RELEASE_PLAN_HISTORY.ACTOR, l.actor())
                    .set(RELEASE_PLAN_HISTORY.PAYLOAD, PlanRows.jsonb(l.payload()))
                    .set(RELEASE_PLAN_HISTORY.AUDITED, l.audited())
                    .execute();
        }
    }

    public Optional<Plan> find(UUID id) {
        return load(dsl, id);
    }

    private static Optional<Plan> load(DSLContext tx, UUID id) {
        return tx.selectFrom(RELEASE_PLANS).where(RELEASE_PLANS.ID.eq(id)).fetchOptional()
                .map(r -> PlanRows.plan(r, tx.selectFrom(RELEASE_PLAN_ENTRIES).where(RELEASE_PLAN_ENTRIES.PLAN_ID.eq(id))
                        .orderBy(RELEASE_PLAN_ENTRIES.POSITION).fetch()));
    }

    public Optional<IdempotentHit> byIdempotencyKey(String createdBy, String key) {
        return dsl.selectFrom(RELEASE_PLANS).where(RELEASE_PLANS.CREATED_BY.eq(createdBy).and(RELEASE_PLANS.IDEMPOTENCY_KEY.eq(key)))
                .fetchOptional().map(r -> new IdempotentHit(find(r.getId()).orElseThrow(), r.getRequestHash()));
    }

    /** Newest first; a null state matches every plan. */
    public List<Plan> list(PlanState state, int limit) {
        Condition where = state == null ? DSL.trueCondition() : RELEASE_PLANS.STATE.eq(state.wire());
        return dsl.select(RELEASE_PLANS.ID).from(RELEASE_PLANS).where(where).orderBy(RELEASE_PLANS.CREATED_AT.desc()).limit(limit)
                .fetch(RELEASE_PLANS.ID).stream().map(id -> find(id).orElseThrow()).toList();
    }

    public List<HistoryEntry> history(UUID id) {
        return dsl.selectFrom(RELEASE_PLAN_HISTORY).where(RELEASE_PLAN_HISTORY.PLAN_ID.eq(id)).orderBy(RELEASE_PLAN_HISTORY.SEQ)
                .fetch().map(PlanRows::entry);
    }

    public List<HistoryEntry> unaudited(UUID id) {
        return dsl.selectFrom(RELEASE_PLAN_HISTORY)
                .where(RELEASE_PLAN_HISTORY.PLAN_ID.eq(id).and(RELEASE_PLAN_HISTORY.AUDITED.isFalse()))
                .orderBy(RELEASE_PLAN_HISTORY.SEQ).fetch().map(PlanRows::entry);
    }

    public void markAudited(UUID id, int seq) {
        dsl.update(RELEASE_PLAN_HISTORY).set(RELEASE_PLAN_HISTORY.AUDITED, true)
                .where(RELEASE_PLAN_HISTORY.PLAN_ID.eq(id).and(RELEASE_PLAN_HISTORY.SEQ.eq(seq))).execute();
    }

    /** Plans whose controller still has work (not settled), for re-arming their steps. */
    public List<UUID> needingSteps() {
        return dsl.select(RELEASE_PLANS.ID).from(RELEASE_PLANS).where(RELEASE_PLANS.SETTLED.isFalse()).fetch(RELEASE_PLANS.ID);
    }

    /** Entries of running plans that are neither claimed nor started (the {@code tollgate_release_plan_entries_waiting} gauge). */
    public int waitingEntries() {
        return dsl.fetchCount(dsl.select(RELEASE_PLAN_ENTRIES.ENTRY_KEY).from(RELEASE_PLAN_ENTRIES).join(RELEASE_PLANS)
                .on(RELEASE_PLANS.ID.eq(RELEASE_PLAN_ENTRIES.PLAN_ID))
                .where(RELEASE_PLANS.STATE.eq(PlanState.RUNNING.wire()).and(RELEASE_PLAN_ENTRIES.RELEASE_ID.isNull())
                        .and(RELEASE_PLAN_ENTRIES.CLAIMED_AT.isNull())));
    }

    /** How many plans are in each state (the {@code tollgate_release_plans} gauge). */
    public Map<String, Integer> countByState() {
        return dsl.select(RELEASE_PLANS.STATE, DSL.count()).from(RELEASE_PLANS).groupBy(RELEASE_PLANS.STATE)
                .fetchMap(RELEASE_PLANS.STATE, DSL.count());
    }
}
