package io.tollgate.playground;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** What the router saw for one destination: answers by status code and a latency histogram, as an exporter counts them. */
final class SideStats {
    private final Map<Integer, Long> byCode = new TreeMap<>();
    private final double[] boundsSeconds;
    private final long[] buckets;
    private double sumSeconds;
    private long count;

    SideStats(double[] boundsSeconds) {
        this.boundsSeconds = boundsSeconds.clone();
        this.buckets = new long[boundsSeconds.length];
    }

    /** {@code status} 0 (no answer) counts as 503, as a proxy answers a request it could not forward. */
    synchronized void record(int status, long nanos) {
        byCode.merge(status == 0 ? 503 : status, 1L, Long::sum);
        double s = nanos / 1e9;
        sumSeconds += s;
        count++;
        for (int i = 0; i < boundsSeconds.length; i++) {
            if (s <= boundsSeconds[i]) {
                buckets[i]++;
                break;
            }
        }
    }

    synchronized long responses() {
        return count;
    }

    synchronized long errors5xx() {
        return byCode.entrySet().stream().filter(e -> e.getKey() >= 500).mapToLong(Map.Entry::getValue).sum();
    }

    /** Appends {@code <requests>{labels,<codeLabel>="200"} n} per status code (200 and 500 always present). */
    synchronized void renderCounts(StringBuilder sb, String requests, String codeLabel, String labels) {
        var codes = new TreeMap<>(byCode);
        codes.putIfAbsent(200, 0L);
        codes.putIfAbsent(500, 0L);
        codes.forEach((code, n) -> sb.append(requests).append('{').append(labels).append(',').append(codeLabel).append("=\"")
                .append(code).append("\"} ").append(n).append('\n'));
    }

    /**
     * Appends the histogram {@code <duration>_bucket/_count/_sum} with {@code le} in its unit ({@code unitsPerSecond}: 1 or
     * 1000), written without a trailing {@code .0} the way Tollgate's metric templates spell it.
     */
    synchronized void renderHistogram(StringBuilder sb, String duration, double unitsPerSecond, String labels) {
        long cumulative = 0;
        for (int i = 0; i < boundsSeconds.length; i++) {
            cumulative += buckets[i];
            sb.append(duration).append("_bucket{").append(labels).append(",le=\"").append(le(boundsSeconds[i] * unitsPerSecond))
                    .append("\"} ").append(cumulative).append('\n');
        }
        sb.append(duration).append("_bucket{").append(labels).append(",le=\"+Inf\"} ").append(count).append('\n')
                .append(duration).append("_count{").append(labels).append("} ").append(count).append('\n')
                .append(duration).append("_sum{").append(labels).append("} ")
                .append(String.format(Locale.ROOT, "%.6f", sumSeconds * unitsPerSecond)).append('\n');
    }

    private static String le(double v) {
        double r = Math.round(v * 1e6) / 1e6;
        return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
    }
}
