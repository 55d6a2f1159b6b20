package io.tollgate.adapter.unleash;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Wall-clock latencies of adapter calls, for the p50/max line tests print. */
final class Latencies {
    private final String name;
    private final List<Long> nanos = new ArrayList<>();

    Latencies(String name) {
        this.name = name;
    }

    synchronized <T> T time(Supplier<T> call) {
        long start = System.nanoTime();
        try {
            return call.get();
        } finally {
            nanos.add(System.nanoTime() - start);
        }
    }

    synchronized void record(Duration took) {
        nanos.add(took.toNanos());
    }

    synchronized String summary() {
        if (nanos.isEmpty()) {
            return name + ": no calls";
        }
        var sorted = nanos.stream().sorted().toList();
        return String.format("%s: n=%d p50=%.1fms max=%.1fms", name, sorted.size(),
                sorted.get((sorted.size() - 1) / 2) / 1e6, sorted.getLast() / 1e6);
    }

    static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
