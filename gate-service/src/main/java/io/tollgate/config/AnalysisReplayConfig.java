package io.tollgate.config;

/**
 * Bounds of {@code POST /v1/analysis/replay} (section {@code analysis.replay}), so viewers replaying recorded counts
 * cannot crowd out gate checks. Nulls take the defaults.
 *
 * @param maxConcurrent {@code analysis.replay.maxConcurrent}: replays running at once; one more is refused at once with
 *                      429 {@code replay_busy} and {@code Retry-After}, before its body is read. 1..16; default 1
 * @param maxBodyBytes  {@code analysis.replay.maxBodyBytes}: largest request body (413 above it). 64 KiB..64 MiB;
 *                      default 4 MiB (20,000 intervals with five buckets a side)
 * @param maxIntervals  {@code analysis.replay.maxIntervals}: most intervals in one replay (400 naming {@code intervals}
 *                      above it). 1..100,000; default 20,000 (a look every 5 s over a 24 h bake is 17,280)
 */
public record AnalysisReplayConfig(Integer maxConcurrent, Integer maxBodyBytes, Integer maxIntervals) {
    public static final int DEFAULT_MAX_CONCURRENT = 1;
    public static final int DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
    public static final int DEFAULT_MAX_INTERVALS = 20_000;

    public AnalysisReplayConfig {
        maxConcurrent = within(maxConcurrent, DEFAULT_MAX_CONCURRENT, 1, 16, "analysis.replay.maxConcurrent");
        maxBodyBytes = within(maxBodyBytes, DEFAULT_MAX_BODY_BYTES, 64 * 1024, 64 * 1024 * 1024, "analysis.replay.maxBodyBytes");
        maxIntervals = within(maxIntervals, DEFAULT_MAX_INTERVALS, 1, 100_000, "analysis.replay.maxIntervals");
    }

    public static AnalysisReplayConfig defaults() {
        return new AnalysisReplayConfig(null, null, null);
    }

    private static int within(Integer value, int fallback, int min, int max, String key) {
        int v = value == null ? fallback : value;
        if (v < min || v > max) {
            throw new ConfigException(key, "must be in " + min + ".." + max + ", got " + v);
        }
        return v;
    }
}
