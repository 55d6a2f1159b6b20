package io.tollgate.policy.replay;

import java.time.Instant;

/**
 * Which recorded decisions a replay re-evaluates: newest first, at most {@code limit}.
 *
 * @param service only this service's decisions; null for all
 * @param since   only decisions evaluated at or after this instant; null for all
 * @param limit   how many decisions at most, 1..{@link #MAX_LIMIT}
 */
public record ReplayFilter(String service, Instant since, int limit) {
    public static final int DEFAULT_LIMIT = 10_000;
    public static final int MAX_LIMIT = 100_000;

    public ReplayFilter {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be in 1.." + MAX_LIMIT + ", got " + limit);
        }
    }
}
