package io.tollgate.audit;

import java.util.List;

/** One page of events, newest first; {@code nextCursor} is null on the last page. */
public record EventPage(List<AuditEvent> items, String nextCursor) {
    public EventPage {
        items = List.copyOf(items);
    }
}
