package io.tollgate.analysis.source;

import io.tollgate.adapter.SeriesResult;
import io.tollgate.adapter.SeriesSource;
import io.tollgate.analysis.Counts;
import io.tollgate.analysis.Look;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads the raw counters of every metric with one instant query per selector and turns them into per-look integer
 * deltas for {@link io.tollgate.analysis.CanaryAnalysis#look}. A metric whose selectors could not all be read is
 * reported unavailable for this look and keeps its previous values, so the next look's deltas cover the gap.
 */
public final class CounterReader {
    private final SeriesSource source;
    private final List<CounterQueries> metrics;

    public CounterReader(SeriesSource source, List<CounterQueries> metrics) {
        this.source = source;
        this.metrics = List.copyOf(metrics);
    }

    /**
     * One look's deltas since {@code previous} (use {@link CounterSnapshot#EMPTY} at the start of a bake: the first
     * reading is only a starting point), the new snapshot, and why any metric could not be measured.
     */
    public record Reading(CounterSnapshot snapshot, Map<String, Look> counts, Map<String, String> unavailable) {
    }

    /** Reads every selector at {@code at} (null: latest). */
    public Reading read(CounterSnapshot previous, Instant at) {
        var read = new HashMap<String, Map<String, Long>>();
        var failed = new HashMap<String, String>();
        for (String query : metrics.stream().flatMap(m -> m.queries().stream()).distinct().toList()) {
            switch (source.querySeries(query, at)) {
                case SeriesResult.Samples s -> read.put(query, bySeries(s));
                case SeriesResult.Unavailable u -> failed.put(query, u.detail());
            }
        }
        var next = new TreeMap<>(previous.values());
        var counts = new LinkedHashMap<String, Look>();
        var unavailable = new LinkedHashMap<String, String>();
        for (var m : metrics) {
            if (m.missing() != null) {
                unavailable.put(m.metric().name(), "metrics unavailable: " + m.missing());
                continue;
            }
            var problem = m.queries().stream().filter(failed::containsKey).findFirst();
            if (problem.isPresent()) {
                unavailable.put(m.metric().name(), "metrics unavailable: " + failed.get(problem.get()) + " (" + problem.get() + ")");
                continue;
            }
            m.queries().forEach(q -> next.put(q, read.get(q)));
            if (!m.queries().stream().allMatch(previous.values()::containsKey)) {
                unavailable.put(m.metric().name(), "no starting point yet (first reading of " + m.metric().name() + ")");
                continue;
            }
            counts.put(m.metric().name(), new Look(
                    side(m.baselineRequests(), m.baselineBad(), m.badIsComplement(), previous, read),
                    side(m.canaryRequests(), m.canaryBad(), m.badIsComplement(), previous, read)));
        }
        return new Reading(new CounterSnapshot(next), counts, unavailable);
    }

    private static Counts side(String requestsQuery, String badQuery, boolean complement, CounterSnapshot previous,
                               Map<String, Map<String, Long>> read) {
        long requests = CounterSnapshot.delta(previous.values().get(requestsQuery), read.get(requestsQuery));
        long counted = CounterSnapshot.delta(previous.values().get(badQuery), read.get(badQuery));
        // A bucket and its _count reset together; clamping only guards against a scrape that caught one of them mid-update.
        long bad = complement ? requests - Math.min(requests, counted) : Math.min(requests, counted);
        return new Counts(requests, bad);
    }

    private static Map<String, Long> bySeries(SeriesResult.Samples samples) {
        return samples.samples().stream().collect(Collectors.toMap(
                s -> new TreeMap<>(s.labels()).toString(), s -> Math.round(s.value()), Long::sum));
    }
}
