package io.tollgate.analysis;

/**
 * One side's requests and "bad" requests (errors, or requests slower than a latency boundary) in one look, or summed
 * over looks. Integer counts only: the test needs counter deltas, not extrapolated rates.
 */
public record Counts(long requests, long bad) {
    public static final Counts ZERO = new Counts(0, 0);

    public Counts {
        if (requests < 0 || bad < 0) {
            throw new IllegalArgumentException("counts must be >= 0, got requests " + requests + ", bad " + bad);
        }
        if (bad > requests) {
            throw new IllegalArgumentException("bad (" + bad + ") must not exceed requests (" + requests + ")");
        }
    }

    public Counts plus(Counts other) {
        return new Counts(Math.addExact(requests, other.requests), Math.addExact(bad, other.bad));
    }

    /** The bad share, or NaN without requests. */
    public double rate() {
        return requests == 0 ? Double.NaN : (double) bad / requests;
    }
}
