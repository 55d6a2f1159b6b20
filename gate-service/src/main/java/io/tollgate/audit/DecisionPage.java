package io.tollgate.audit;

import java.util.List;

/** One page of decisions, newest first; {@code nextCursor} is null on the last page. */
public record DecisionPage(List<DecisionRecord> items, String nextCursor) {
    public DecisionPage {
        items = List.copyOf(items);
    }
}
