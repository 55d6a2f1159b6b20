package io.tollgate.testsupport;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** Records the durations of adapter calls and summarises them as p50 / p95 / max, for docs/adapters.md. */
public final class CallLatencies {
    private final String name;
    private final List<Long> nanos = Collections.synchronizedList(new ArrayList<>());

    public CallLatencies(String name) {
        this.name = name;
    }

    /** Runs {@code call} and records how long it took. */
    public <T> T time(Supplier<T> call) {
        long start = System.nanoTime();
        try {
            return call.get();
        } finally {
            nanos.add(System.nanoTime() - start);
        }
    }

    /** How many calls were recorded. */
    public int count() {
        return nanos.size();
    }

    /** The {@code q} quantile (0..1) in milliseconds, nearest rank. */
    public double quantileMillis(double q) {
        var sorted = new ArrayList<>(nanos);
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank))) / 1e6;
    }

    /** E.g. {@code apply: n=200 p50=3.1 ms p95=7.9 ms max=20.4 ms}. */
    public String summary() {
        if (nanos.isEmpty()) {
            return name + ": no samples";
        }
        return String.format(Locale.ROOT, "%s: n=%d p50=%.1f ms p95=%.1f ms max=%.1f ms", name, count(),
                quantileMillis(0.5), quantileMillis(0.95), quantileMillis(1.0));
    }
}
