package io.tollgate.release;

import java.util.concurrent.atomic.AtomicReference;

/** Canary counts set by the test; healthy (no requests) until told otherwise. Records when it turned bad. */
public final class FakeCanaryHealth implements CanaryHealth {
    private final AtomicReference<Reading> reading = new AtomicReference<>(new Counts(0, 0, "fake"));
    private volatile long failingSince;

    @Override
    public Reading read(Release release) {
        return reading.get();
    }

    public void counts(long requests, long errors) {
        reading.set(new Counts(requests, errors, "fake canary"));
        if (requests > 0 && (double) errors / requests >= 0.2) {
            failingSince = System.nanoTime();
        }
    }

    /** nanoTime of the last bad reading set. */
    public long failingSince() {
        return failingSince;
    }
}
