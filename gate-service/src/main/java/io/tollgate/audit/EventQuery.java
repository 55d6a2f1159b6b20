package io.tollgate.audit;

import java.time.Instant;

/**
 * Filters for listing events of the chain; null filters match everything.
 *
 * @param kind    only events of this kind
 * @param subject only events about this subject (a decision, release or override id)
 * @param since   only events recorded at or after this instant
 * @param limit   page size, 1..{@link #MAX_LIMIT}
 * @param cursor  the {@code nextCursor} of the previous page, or null for the first page
 */
public record EventQuery(EventKind kind, String subject, Instant since, int limit, String cursor) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    public EventQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be in 1.." + MAX_LIMIT + ", got " + limit);
        }
    }
}
