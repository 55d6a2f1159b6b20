package io.tollgate.release;

/**
 * The canary's own health while it bakes: request and error counts since the bake started. The seam a
 * {@link io.tollgate.adapter.MetricsSource}-based implementation (the traffic adapter's canary counters in Prometheus)
 * plugs into; tests use a fake.
 */
public interface CanaryHealth {

    /** Counts for the canary of {@code release} since {@code release.bakeStartedAt()}; never throws for a backend failure. */
    Reading read(Release release);

    sealed interface Reading permits Counts, Unavailable {
    }

    /** {@code errors} of {@code requests} failed; {@code detail} names the source or query. */
    record Counts(long requests, long errors, String detail) implements Reading {
        public double errorRatio() {
            return requests == 0 ? 0 : (double) errors / requests;
        }
    }

    record Unavailable(String reason) implements Reading {
    }

    /** No canary metrics configured: every look is unavailable, which never rolls back by itself. */
    static CanaryHealth none() {
        return r -> new Unavailable("no canary metrics configured");
    }
}
