package io.tollgate.delivery;

import static io.tollgate.db.generated.Tables.RELEASES;
import static io.tollgate.db.generated.Tables.RELEASE_HISTORY;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Reads one {@link DeliveryRecord} per release from the release tables in one query: the moments that matter are
 * aggregated from the transition lines of the history in the database, so only a row per release comes back.
 */
public final class DeliveryStore {
    private static final Field<String> EVENT = DSL.field("{0}->>'event'", String.class, RELEASE_HISTORY.PAYLOAD);
    private static final Field<String> FROM = DSL.field("{0}->>'from'", String.class, RELEASE_HISTORY.PAYLOAD);
    private static final Field<String> TO = DSL.field("{0}->>'to'", String.class, RELEASE_HISTORY.PAYLOAD);
    private static final Field<String> COMMITTED_AT = DSL.field("{0}->'change'->>'committedAt'", String.class, RELEASES.SPEC);
    /** The labels that mark unplanned work (docs/delivery-metrics.md). */
    private static final Field<Boolean> EMERGENCY = DSL.field(DSL.condition(
            "coalesce({0}->'change'->'labels' @> '[\"emergency\"]'::jsonb or {0}->'change'->'labels' @> '[\"hotfix\"]'::jsonb, false)",
            RELEASES.SPEC));

    private final DSLContext dsl;

    public DeliveryStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * The records of the releases (dry runs excluded) created before {@code until} with any transition (or, without one,
     * their creation) at or after {@code since}; null {@code service} / {@code environment} match every one.
     */
    public List<DeliveryRecord> records(String service, String environment, Instant since, Instant until) {
        // A release with a transition in the window is found through the index on the transition lines' time
        // (V9_1), not by reading every release's history.
        var t = RELEASE_HISTORY.as("t");
        // kind inlined: a bound parameter would not match the partial index's predicate
        var active = DSL.select(t.RELEASE_ID).from(t).where(t.KIND.eq(DSL.inline("transition")).and(t.AT.ge(utc(since))));
        Condition where = RELEASES.DRY_RUN.isFalse().and(RELEASES.CREATED_AT.lt(utc(until)))
                .and(RELEASES.CREATED_AT.ge(utc(since)).or(RELEASES.ID.in(active)));
        if (service != null) {
            where = where.and(RELEASES.SERVICE.eq(service));
        }
        if (environment != null) {
            where = where.and(RELEASES.ENVIRONMENT.eq(environment));
        }
        var h = RELEASE_HISTORY;
        var promoted = DSL.min(h.AT).filterWhere(TO.eq("promoted")).as("promoted_at");
        var rolledBack = DSL.min(h.AT).filterWhere(TO.eq("rolled_back").and(FROM.ne("rolled_back"))).as("rolled_back_at");
        var restored = DSL.min(h.AT).filterWhere(EVENT.eq("reset_done")).as("restored_at");
        var firstApplied = DSL.min(h.AT).filterWhere(EVENT.eq("applied")).as("first_applied_at");
        return dsl.select(RELEASES.ID, RELEASES.SERVICE, RELEASES.ENVIRONMENT, RELEASES.CREATED_AT, COMMITTED_AT, EMERGENCY,
                        firstApplied, promoted, rolledBack, restored)
                .from(RELEASES)
                .leftJoin(h).on(h.RELEASE_ID.eq(RELEASES.ID).and(h.KIND.eq("transition")))
                .where(where)
                .groupBy(RELEASES.ID)
                .fetch(r -> new DeliveryRecord(r.get(RELEASES.ID), r.get(RELEASES.SERVICE), r.get(RELEASES.ENVIRONMENT),
                        instant(r.get(RELEASES.CREATED_AT)), committedAt(r.get(COMMITTED_AT)), Boolean.TRUE.equals(r.get(EMERGENCY)),
                        instant(r.get(firstApplied)), instant(r.get(promoted)), instant(r.get(rolledBack)), instant(r.get(restored))));
    }

    /** The spec stores what the parser validated (an ISO instant); anything else reads as no commit time. */
    private static Instant committedAt(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
