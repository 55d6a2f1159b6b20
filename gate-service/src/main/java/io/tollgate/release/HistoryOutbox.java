package io.tollgate.release;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.audit.AuditUnavailableException;
import io.tollgate.audit.EventKind;
import io.tollgate.audit.EventLog;
import io.tollgate.audit.NewEvent;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.ObjIntConsumer;

/**
 * Appends the unaudited history lines of one subject (a release, a plan) to the chained audit log, each marked audited
 * after it is appended: the outbox order every engine with a history table follows. A crash between append and mark
 * appends a line twice; both copies carry the subject id and the line's {@code historySeq}, so readers can tell.
 *
 * @param idField the payload member naming the subject ({@code releaseId}, {@code planId})
 * @param kind    the audit kind of a history line's kind
 */
public record HistoryOutbox(EventLog events, String idField, Function<String, EventKind> kind) {

    /** @throws AuditUnavailableException when the audit log cannot be written; nothing is lost */
    public void flush(UUID id, List<HistoryEntry> unaudited, ObjIntConsumer<UUID> markAudited) {
        for (var line : unaudited) {
            ObjectNode payload = line.payload().deepCopy();
            payload.put(idField, id.toString());
            payload.put("historySeq", line.seq());
            payload.put("at", line.at().toString());
            events.append(new NewEvent(kind.apply(line.kind()), id.toString(), line.actor(), "", payload));
            markAudited.accept(id, line.seq());
        }
    }
}
