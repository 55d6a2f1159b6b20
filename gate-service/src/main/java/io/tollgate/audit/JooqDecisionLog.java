package io.tollgate.audit;

import static io.tollgate.db.generated.Tables.AUDIT_EVENT;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;

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
        return list(query, false);
    }

    @Override
    public DecisionPage listSummaries(DecisionQuery query) {
        // Trimmed here, not in SQL: the payload column is json (kept verbatim), and turning a hundred of them into
        // jsonb to subtract two keys cost PostgreSQL more than the service parsing them whole.
        return list(query, true);
    }

    private DecisionPage list(DecisionQuery query, boolean summaries) {
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
        var page = events.store().page(conditions, query.cursor(), query.limit());
        return new DecisionPage(page.items().stream().map(e -> summaries ? withoutInputs(e) : e).map(DecisionEvents::toRecord).toList(),
                page.nextCursor());
    }

    /** The event with its decision's request and policy input left out (a summary). */
    private static AuditEvent withoutInputs(AuditEvent e) {
        if (e.payload() instanceof ObjectNode payload) {
            payload.remove(List.of("request", "policy_input"));
        }
        return e;
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
