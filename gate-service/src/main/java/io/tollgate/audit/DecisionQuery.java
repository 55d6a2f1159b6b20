package io.tollgate.audit;

import io.tollgate.decision.Outcome;
import java.time.Instant;

/**
 * Filters for listing decisions; null filters match everything.
 *
 * @param since  only decisions evaluated at or after this instant
 * @param limit  page size, 1..{@link #MAX_LIMIT}
 * @param cursor the {@code nextCursor} of the previous page, or null for the first page
 */
public record DecisionQuery(String service, Outcome outcome, Instant since, int limit, String cursor) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    public DecisionQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be in 1.." + MAX_LIMIT + ", got " + limit);
        }
    }
}
