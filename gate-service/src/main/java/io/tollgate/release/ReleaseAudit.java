package io.tollgate.release;

import io.tollgate.audit.EventKind;
import io.tollgate.audit.EventLog;
import java.util.UUID;

/**
 * Feeds release history lines into the chained audit log. The order is fixed: (1) the row change and its history
 * lines commit together (audited = false), (2) each line is appended to the audit log, (3) it is marked audited.
 * A crash between (1) and (3) leaves the line unaudited; the next step of the release (on any instance) appends it
 * before doing anything else, so every transition reaches the audit log at least once and no adapter is called
 * for a release whose earlier lines are not in it yet. A crash between (2) and (3) appends the line twice; both
 * copies carry the release id and the line's {@code historySeq}, so readers can tell.
 */
public final class ReleaseAudit {
    private final ReleaseStore store;
    private final HistoryOutbox outbox;

    public ReleaseAudit(ReleaseStore store, EventLog events) {
        this.store = store;
        this.outbox = new HistoryOutbox(events, "releaseId", ReleaseAudit::kind);
    }

    /** @throws io.tollgate.audit.AuditUnavailableException when the audit log cannot be written; nothing is lost */
    public void flush(UUID id) {
        outbox.flush(id, store.unaudited(id), store::markAudited);
    }

    private static EventKind kind(String historyKind) {
        return switch (historyKind) {
            case "created" -> EventKind.RELEASE_CREATED;
            case "adapter", "drift" -> EventKind.ADAPTER_ACTION;
            case "analysis" -> EventKind.ANALYSIS_VERDICT;
            default -> EventKind.RELEASE_TRANSITION;
        };
    }
}
