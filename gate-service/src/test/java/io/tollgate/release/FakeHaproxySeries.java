package io.tollgate.release;

import io.tollgate.adapter.SeriesResult;
import io.tollgate.adapter.SeriesSource;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * HAProxy's per-server response counters as a {@link SeriesSource}, the way Prometheus answers the analysis' raw
 * selectors: each reading (one query of the stable server's responses) adds one interval of traffic at the rates the
 * test set; {@link #unavailable(String)} makes every query fail like an unreachable Prometheus.
 */
public final class FakeHaproxySeries implements SeriesSource {
    private long stableRequests;
    private long stableErrors;
    private long canaryRequests;
    private long canaryErrors;
    private long[] perReading = {0, 0, 0, 0};
    private String unavailable;

    /** Traffic added per reading: baseline requests and errors, canary requests and errors. */
    public synchronized FakeHaproxySeries perReading(long baseline, long baselineErrors, long canary, long canaryErrorsPerReading) {
        perReading = new long[] {baseline, baselineErrors, canary, canaryErrorsPerReading};
        return this;
    }

    public synchronized void unavailable(String reason) {
        unavailable = reason;
    }

    @Override
    public synchronized SeriesResult querySeries(String query, Instant at) {
        if (unavailable != null) {
            return new SeriesResult.Unavailable(query, unavailable);
        }
        boolean canary = query.contains("server=\"v150\"");
        boolean errors = query.contains("code=\"5xx\"");
        if (!canary && !errors) {
            stableRequests += perReading[0];
            stableErrors += perReading[1];
            canaryRequests += perReading[2];
            canaryErrors += perReading[3];
        }
        // Two status classes, as HAProxy's exporter has them: the requests selector matches both.
        long bad = canary ? canaryErrors : stableErrors;
        long all = canary ? canaryRequests : stableRequests;
        var fivexx = new SeriesResult.Sample(Map.of("server", canary ? "v150" : "v149", "code", "5xx"), bad);
        var twoxx = new SeriesResult.Sample(Map.of("server", canary ? "v150" : "v149", "code", "2xx"), all - bad);
        return new SeriesResult.Samples(query, errors ? List.of(fivexx) : List.of(twoxx, fivexx), at);
    }
}
