package io.tollgate.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.analysis.AnalysisSettings;
import io.tollgate.analysis.Counts;
import io.tollgate.analysis.Look;
import io.tollgate.analysis.Metric;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a replay body into settings, metrics and per-look counts, or a 400 naming the first bad field. Each side of an
 * interval is {@code {"requests": n, "errors": e}}, optionally with {@code "buckets": {"0.5": c, …}}: histogram bucket
 * deltas (requests not slower than each boundary, in seconds), which add one "slower than" metric per boundary. Every
 * interval and both sides must use the same boundaries.
 */
final class ReplayRequestParser {
    static final Set<String> TOP_FIELDS = Set.of("alpha", "r0", "maxRatio", "endOfBake", "intervals");
    /** Bucket boundaries per side, as for a release's {@code analysis.latency.bucketsSeconds}: each one is a metric to test per interval. */
    static final int MAX_BOUNDARIES = 5;
    private static final Set<String> INTERVAL_FIELDS = Set.of("baseline", "canary");
    private static final Set<String> SIDE_FIELDS = Set.of("requests", "errors", "buckets");

    private ReplayRequestParser() {
    }

    /** A parsed replay request. */
    record ReplayRequest(AnalysisSettings settings, List<Metric> metrics, List<Map<String, Look>> intervals, boolean endOfBake) {
    }

    /** @param maxIntervals {@code analysis.replay.maxIntervals} */
    static ReplayRequest parse(JsonNode body, int maxIntervals) {
        HttpIo.rejectUnknownFields(body, TOP_FIELDS, "");
        double alpha = number(body, "alpha", AnalysisSettings.DEFAULT_ALPHA);
        if (!(alpha > 0 && alpha < 1)) {
            throw ApiException.badRequest("invalid_value", "alpha", "must be greater than 0 and less than 1, got " + alpha);
        }
        double r0 = number(body, "r0", AnalysisSettings.DEFAULT_R0);
        if (!(r0 > 0 && r0 <= 100)) {
            throw ApiException.badRequest("invalid_value", "r0", "must be greater than 0 and at most 100, got " + r0);
        }
        double maxRatio = number(body, "maxRatio", Math.max(AnalysisSettings.DEFAULT_MAX_RATIO, 1.5 * r0));
        if (!(maxRatio > 0 && maxRatio <= 1000)) {
            throw ApiException.badRequest("invalid_value", "maxRatio", "must be greater than 0 and at most 1000, got " + maxRatio);
        }
        JsonNode end = body.get("endOfBake");
        if (end != null && !end.isNull() && !end.isBoolean()) {
            throw ApiException.badRequest("wrong_type", "endOfBake", "must be a boolean");
        }
        JsonNode list = body.get("intervals");
        if (list == null || list.isNull()) {
            throw ApiException.badRequest("missing_field", "intervals", "intervals is required (per-look counter deltas)");
        }
        if (!list.isArray()) {
            throw ApiException.badRequest("wrong_type", "intervals", "must be an array");
        }
        if (list.size() > maxIntervals) {
            throw ApiException.badRequest("invalid_value", "intervals", "at most " + maxIntervals
                    + " intervals (analysis.replay.maxIntervals), got " + list.size());
        }
        List<String> boundaries = null;
        var intervals = new ArrayList<Map<String, Look>>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String path = "intervals[" + i + "]";
            JsonNode interval = list.get(i);
            if (!interval.isObject()) {
                throw ApiException.badRequest("wrong_type", path, "must be an object with baseline and canary");
            }
            HttpIo.rejectUnknownFields(interval, INTERVAL_FIELDS, path);
            var baseline = side(interval, "baseline", path);
            var canary = side(interval, "canary", path);
            if (boundaries == null) {
                boundaries = List.copyOf(baseline.buckets().keySet());
            }
            requireBoundaries(baseline, boundaries, path + ".baseline.buckets");
            requireBoundaries(canary, boundaries, path + ".canary.buckets");
            var looks = new HashMap<String, Look>();
            looks.put(Metric.ERRORS, new Look(new Counts(baseline.requests(), baseline.errors()), new Counts(canary.requests(), canary.errors())));
            for (String le : boundaries) {
                looks.put(Metric.slowerThan(Double.parseDouble(le)).name(), new Look(
                        new Counts(baseline.requests(), baseline.requests() - baseline.buckets().get(le)),
                        new Counts(canary.requests(), canary.requests() - canary.buckets().get(le))));
            }
            intervals.add(looks);
        }
        var metrics = new ArrayList<Metric>();
        metrics.add(Metric.errors());
        for (String le : boundaries == null ? List.<String>of() : boundaries) {
            metrics.add(Metric.slowerThan(Double.parseDouble(le)));
        }
        return new ReplayRequest(new AnalysisSettings(alpha, r0, AnalysisSettings.DEFAULT_TAU, maxRatio), metrics, intervals,
                end == null || end.isNull() || end.booleanValue());
    }

    private record Side(long requests, long errors, TreeMap<String, Long> buckets) {
    }

    private static Side side(JsonNode interval, String name, String prefix) {
        String path = prefix + "." + name;
        JsonNode side = interval.get(name);
        if (side == null || side.isNull()) {
            throw ApiException.badRequest("missing_field", path, name + " counts are required");
        }
        if (!side.isObject()) {
            throw ApiException.badRequest("wrong_type", path, "must be an object with requests and errors");
        }
        HttpIo.rejectUnknownFields(side, SIDE_FIELDS, path);
        long requests = count(side, "requests", path);
        long errors = count(side, "errors", path);
        if (errors > requests) {
            throw ApiException.badRequest("invalid_value", path + ".errors", "must not exceed requests (" + requests + "), got " + errors);
        }
        // Sorted by boundary value, so cumulative buckets can be checked in order.
        var buckets = new TreeMap<String, Long>((a, b) -> new BigDecimal(a).compareTo(new BigDecimal(b)));
        JsonNode b = side.get("buckets");
        if (b != null && !b.isNull()) {
            if (!b.isObject()) {
                throw ApiException.badRequest("wrong_type", path + ".buckets", "must be an object of boundary (seconds) → count");
            }
            long previous = 0;
            var names = new ArrayList<String>();
            b.fieldNames().forEachRemaining(names::add);
            if (names.size() > MAX_BOUNDARIES) {
                throw ApiException.badRequest("invalid_value", path + ".buckets", "at most " + MAX_BOUNDARIES
                        + " bucket boundaries, got " + names.size());
            }
            for (String le : names) {
                if (!le.matches("\\d{1,6}(\\.\\d{1,9})?") || Double.parseDouble(le) <= 0) {
                    throw ApiException.badRequest("invalid_value", path + ".buckets." + le, "a boundary must be a positive number of seconds, e.g. \"0.5\"");
                }
                if (buckets.containsKey(le)) {
                    throw ApiException.badRequest("invalid_value", path + ".buckets." + le, "boundary given twice (as " + buckets.ceilingKey(le) + ")");
                }
                long c = count(b, le, path + ".buckets");
                if (c > requests) {
                    throw ApiException.badRequest("invalid_value", path + ".buckets." + le, "must not exceed requests (" + requests + "), got " + c);
                }
                buckets.put(le, c);
            }
            for (var e : buckets.entrySet()) {
                if (e.getValue() < previous) {
                    throw ApiException.badRequest("invalid_value", path + ".buckets." + e.getKey(),
                            "buckets are cumulative: a larger boundary cannot count fewer requests");
                }
                previous = e.getValue();
            }
        }
        return new Side(requests, errors, buckets);
    }

    private static void requireBoundaries(Side side, List<String> expected, String path) {
        if (!List.copyOf(side.buckets().keySet()).equals(expected)) {
            throw ApiException.badRequest("invalid_value", path, "every interval and side must have the same bucket boundaries "
                    + expected + " (as intervals[0].baseline), got " + side.buckets().keySet());
        }
    }

    private static long count(JsonNode parent, String key, String prefix) {
        String path = HttpIo.path(prefix, key);
        JsonNode v = parent.get(key);
        if (v == null || v.isNull()) {
            throw ApiException.badRequest("missing_field", path, key + " is required");
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
            throw ApiException.badRequest("invalid_value", path, "must be a non-negative integer (a counter delta), got " + v);
        }
        return v.longValue();
    }

    private static double number(JsonNode body, String key, double fallback) {
        JsonNode v = body.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw ApiException.badRequest("wrong_type", key, "must be a number");
        }
        return v.doubleValue();
    }

}
