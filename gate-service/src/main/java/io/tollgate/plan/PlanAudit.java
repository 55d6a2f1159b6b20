package io.tollgate.plan;

import io.tollgate.audit.EventKind;
import io.tollgate.audit.EventLog;
import io.tollgate.release.HistoryOutbox;
import java.util.UUID;

/**
 * Feeds plan history lines into the chained audit log, in the release outbox's order: (1) the plan change and its lines
 * commit together, (2) each line is appended, (3) marked audited. Every step of the plan first appends what an earlier
 * crash left unaudited. Lines about a release carry its {@code releaseId}, linking them to the release's own events.
 */
public final class PlanAudit {
    private final PlanStore store;
    private final HistoryOutbox outbox;

    public PlanAudit(PlanStore store, EventLog events) {
        this.store = store;
        this.outbox = new HistoryOutbox(events, "planId", PlanAudit::kind);
    }

    /** @throws io.tollgate.audit.AuditUnavailableException when the audit log cannot be written; nothing is lost */
    public void flush(UUID id) {
        outbox.flush(id, store.unaudited(id), store::markAudited);
    }

    private static EventKind kind(String historyKind) {
        return switch (historyKind) {
            case "created" -> EventKind.PLAN_CREATED;
            case "compensation" -> EventKind.PLAN_COMPENSATION;
            default -> EventKind.PLAN_TRANSITION;
        };
    }
}
