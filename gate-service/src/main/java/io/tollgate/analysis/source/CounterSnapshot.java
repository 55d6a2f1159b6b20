package io.tollgate.analysis.source;

import java.util.Map;
import java.util.TreeMap;

/**
 * The last good reading of every counter series, by selector and then by series (its labels as text), rounded to whole
 * counts. Serialisable, so deltas continue after a restart. A selector missing here has no starting point yet.
 */
public record CounterSnapshot(Map<String, Map<String, Long>> values) {
    public static final CounterSnapshot EMPTY = new CounterSnapshot(Map.of());

    public CounterSnapshot {
        var copy = new TreeMap<String, Map<String, Long>>();
        values.forEach((q, series) -> copy.put(q, Map.copyOf(series)));
        values = Map.copyOf(copy);
    }

    /**
     * The increase from {@code before} to {@code now} summed over series, reset-aware per series: a series that went
     * down restarted from zero, so its whole value is new; a series that did not exist before is new since then (a new
     * instance, or the first 5xx of a server); a series that disappeared adds nothing.
     */
    static long delta(Map<String, Long> before, Map<String, Long> now) {
        long sum = 0;
        for (var e : now.entrySet()) {
            Long previous = before.get(e.getKey());
            long value = e.getValue();
            sum += previous == null || value < previous ? value : value - previous;
        }
        return sum;
    }
}
