package io.tollgate.analysis;

/** The counter deltas of one look interval: baseline (the stable version) and canary, for one metric. */
public record Look(Counts baseline, Counts canary) {
    public static final Look EMPTY = new Look(Counts.ZERO, Counts.ZERO);

    public Look {
        if (baseline == null || canary == null) {
            throw new IllegalArgumentException("baseline and canary counts are required");
        }
    }

    /** Shorthand: {@code of(baselineRequests, baselineBad, canaryRequests, canaryBad)}. */
    public static Look of(long baselineRequests, long baselineBad, long canaryRequests, long canaryBad) {
        return new Look(new Counts(baselineRequests, baselineBad), new Counts(canaryRequests, canaryBad));
    }
}
