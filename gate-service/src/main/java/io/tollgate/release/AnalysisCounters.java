package io.tollgate.release;

import io.tollgate.adapter.SeriesSource;
import io.tollgate.analysis.source.CounterQueries;
import io.tollgate.analysis.source.CounterReader;
import io.tollgate.analysis.source.CounterSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a bake's analysis reads its raw counters: the seam between the bake loop and Prometheus (tests use a fake).
 */
@FunctionalInterface
public interface AnalysisCounters {

    /**
     * One reading of {@code queries} since {@code previous}: per-metric deltas, the new snapshot, and why a metric could not
     * be measured. Never throws for a backend failure: the metric is reported unavailable and keeps its previous values.
     */
    CounterReader.Reading read(List<CounterQueries> queries, CounterSnapshot previous);

    /** From a {@link SeriesSource} (the Prometheus the service queries for SLOs), latest data. */
    static AnalysisCounters of(SeriesSource source) {
        return (queries, previous) -> new CounterReader(source, queries).read(previous, null);
    }

    /** No metrics source: every metric unavailable, which never rolls back by itself. */
    static AnalysisCounters none() {
        return (queries, previous) -> {
            Map<String, String> why = new LinkedHashMap<>();
            queries.forEach(q -> why.put(q.metric().name(), "metrics unavailable: no metrics source configured"));
            return new CounterReader.Reading(previous, Map.of(), why);
        };
    }
}
