package io.tollgate.audit;

import static io.tollgate.db.generated.Tables.AUDIT_EVENT;

import java.util.ArrayList;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.JSON;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Gate decisions as a view of the event log: appended as {@link EventKind#DECISION} events, found and
 * listed by the decision fields of their payload (indexed by migration V2).
 */
public final class JooqDecisionLog implements DecisionLog {
    private static final Condition IS_DECISION = AUDIT_EVENT.KIND.eq(EventKind.DECISION.wire());

    private final JooqEventLog events;

    public JooqDecisionLog(JooqEventLog events) {
        this.events = events;
    }

    @Override
    public DecisionRecord append(NewDecision decision) {
        var stored = events.append(DecisionEvents.toEvent(decision));
        return new DecisionRecord(stored.seq(), decision, stored.recordedAt(), stored.previousHash(), stored.hash());
    }

    @Override
    public Optional<DecisionRecord> find(UUID decisionId) {
        return AuditFailures.guarded("find", () -> events.store()
                .findNewest(IS_DECISION.and(AUDIT_EVENT.SUBJECT.eq(decisionId.toString())))
                .map(DecisionEvents::toRecord));
    }

    @Override
    public DecisionPage list(DecisionQuery query) {
        return list(query, AUDIT_EVENT.PAYLOAD);
    }

    @Override
    public DecisionPage listSummaries(DecisionQuery query) {
        // jsonb's minus in the query: PostgreSQL sends and the service parses a few hundred bytes a decision, not all of it.
        return list(query, DSL.field("({0}::jsonb - 'request' - 'policy_input')::json", SQLDataType.JSON, AUDIT_EVENT.PAYLOAD));
    }

    private DecisionPage list(DecisionQuery query, Field<JSON> payload) {
        var conditions = new ArrayList<Condition>();
        conditions.add(IS_DECISION);
        if (query.service() != null) {
            conditions.add(payloadText("service").eq(query.service()));
        }
        if (query.outcome() != null) {
            conditions.add(payloadText("outcome").eq(query.outcome().wire()));
        }
        if (query.since() != null) {
            // Fixed-width UTC text sorts like the instants it spells, byte by byte (hence collation "C").
            conditions.add(DSL.condition("({0} ->> 'evaluated_at') collate \"C\" >= {1}",
                    AUDIT_EVENT.PAYLOAD, DSL.val(HashChain.timestamp(query.since()))));
        }
        var page = events.store().page(conditions, query.cursor(), query.limit(), payload);
        return new DecisionPage(page.items().stream().map(DecisionEvents::toRecord).toList(), page.nextCursor());
    }

    @Override
    public ChainVerification verify() {
        return events.verify();
    }

    @Override
    public String healthProblem() {
        return events.healthProblem();
    }

    /** {@code payload ->> 'key'}, spelled as in the migration's indexes so PostgreSQL uses them. */
    private static Field<String> payloadText(String key) {
        return DSL.field("({0} ->> {1})", String.class, AUDIT_EVENT.PAYLOAD, DSL.inline(key));
    }
}
