package io.tollgate.budget;

import io.tollgate.adapter.MetricResult;
import io.tollgate.adapter.MetricsSource;
import io.tollgate.slo.BurnRate;
import io.tollgate.slo.BurnRateRule;
import io.tollgate.slo.Durations;
import io.tollgate.slo.ErrorBudget;
import io.tollgate.slo.PromQueries;
import io.tollgate.slo.Slo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Computes an {@link SloStatus} from the metrics backend: the error ratio and events over the SLO
 * window, the error ratio over every burn-rate window, and whether the data reaches back over the
 * whole window. All queries of one SLO run in parallel (virtual threads) at the same instant.
 * Any failed or empty query makes the whole state unavailable: a gate must not judge a budget from
 * half the numbers.
 */
public final class SloEvaluator {
    /** How far before the window start a sample may be and still count as "data reaches back". */
    private static final Duration COMPLETENESS_LOOKBACK = Duration.ofMinutes(5);
    private final MetricsSource metrics;

    public SloEvaluator(MetricsSource metrics) {
        this.metrics = metrics;
    }

    public SloStatus evaluate(Slo slo, Instant at) {
        var queries = new LinkedHashMap<String, String>();
        queries.put("errorRatio:slo", PromQueries.errorRatio(slo, slo.window()));
        queries.put("totalEvents:slo", PromQueries.totalEvents(slo, slo.window()));
        queries.put("complete", completenessQuery(slo));
        for (Duration w : burnWindows(slo)) {
            queries.put("errorRatio:" + Durations.toPrometheus(w), PromQueries.errorRatio(slo, w));
        }
        Map<String, MetricResult> results = runAll(queries, at);
        var ran = List.copyOf(queries.values());

        for (var key : queries.keySet()) {
            if (key.equals("complete")) {
                continue;
            }
            String problem = switch (results.get(key)) {
                case MetricResult.Unavailable u -> metrics.type() + " unavailable: " + u.detail();
                case MetricResult.NoData n -> "no data for " + n.query();
                case MetricResult.Value v -> Double.isFinite(v.value()) ? null : "not a number (" + v.value() + ") for " + v.query();
            };
            if (problem != null) {
                return new SloStatus(slo, at, problem, null, List.of(), false, ran);
            }
        }
        double errorRatio = clampRatio(value(results, "errorRatio:slo"));
        var budget = ErrorBudget.of(slo, errorRatio, Math.max(0, value(results, "totalEvents:slo")));
        var burns = new ArrayList<SloStatus.BurnRateStatus>();
        for (BurnRateRule rule : slo.burnRules()) {
            double longRate = BurnRate.of(clampRatio(value(results, "errorRatio:" + Durations.toPrometheus(rule.longWindow()))), slo.target());
            double shortRate = BurnRate.of(clampRatio(value(results, "errorRatio:" + Durations.toPrometheus(rule.shortWindow()))), slo.target());
            burns.add(new SloStatus.BurnRateStatus(rule.name(), rule.severity(), rule.threshold(),
                    rule.longWindow(), rule.shortWindow(), longRate, shortRate));
        }
        boolean complete = results.get("complete") instanceof MetricResult.Value v && v.value() > 0;
        return new SloStatus(slo, at, null, budget, burns, complete, ran);
    }

    /** The distinct windows the burn-rate rules need, in first-use order. */
    static List<Duration> burnWindows(Slo slo) {
        var windows = new LinkedHashSet<Duration>();
        for (var rule : slo.burnRules()) {
            windows.add(rule.longWindow());
            windows.add(rule.shortWindow());
        }
        return List.copyOf(windows);
    }

    /** Counts the SLI's total series that had a sample just before the window started. */
    static String completenessQuery(Slo slo) {
        var ind = slo.indicator();
        Duration lookback = slo.window().compareTo(COMPLETENESS_LOOKBACK) < 0 ? slo.window() : COMPLETENESS_LOOKBACK;
        String range = "[" + Durations.toPrometheus(lookback) + (ind.counter() ? "]" : ":]");
        String series = ind.counter() ? ind.totalQuery() : "(" + ind.totalQuery() + ")";
        return "count(last_over_time(" + series + range + " offset " + Durations.toPrometheus(slo.window()) + "))";
    }

    private Map<String, MetricResult> runAll(Map<String, String> queries, Instant at) {
        var out = new LinkedHashMap<String, MetricResult>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new LinkedHashMap<String, Future<MetricResult>>();
            queries.forEach((key, q) -> futures.put(key, pool.submit(() -> metrics.queryScalar(q, at))));
            for (var e : futures.entrySet()) {
                out.put(e.getKey(), await(e.getValue(), queries.get(e.getKey())));
            }
        }
        return out;
    }

    private static MetricResult await(Future<MetricResult> f, String query) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new MetricResult.Unavailable(query, "interrupted");
        } catch (ExecutionException e) {
            return new MetricResult.Unavailable(query, "query failed: " + e.getCause());
        }
    }

    private static double value(Map<String, MetricResult> results, String key) {
        return ((MetricResult.Value) results.get(key)).value();
    }

    /** rate() artefacts (counter resets, extrapolation) can stray just outside [0, 1]. */
    private static double clampRatio(double r) {
        return Math.min(1, Math.max(0, r));
    }
}
