package io.tollgate.adapter.haproxy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** Records call durations and prints p50 / max, for the issue note. */
final class Latencies {
    private final String name;
    private final List<Long> nanos = Collections.synchronizedList(new ArrayList<>());

    Latencies(String name) {
        this.name = name;
    }

    <T> T time(Supplier<T> call) {
        long start = System.nanoTime();
        try {
            return call.get();
        } finally {
            nanos.add(System.nanoTime() - start);
        }
    }

    String summary() {
        var sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return name + ": no samples";
        }
        return String.format(Locale.ROOT, "%s: n=%d p50=%.3f ms max=%.3f ms", name, sorted.size(),
                sorted.get(sorted.size() / 2) / 1e6, sorted.get(sorted.size() - 1) / 1e6);
    }
}
