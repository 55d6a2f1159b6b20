package io.tollgate.config;

/**
 * Canary analysis outside a release (section {@code analysis}). Nulls take the defaults.
 *
 * @param replay {@code analysis.replay}: bounds of {@code POST /v1/analysis/replay}
 */
public record AnalysisConfig(AnalysisReplayConfig replay) {
    public AnalysisConfig {
        replay = replay == null ? AnalysisReplayConfig.defaults() : replay;
    }

    public static AnalysisConfig defaults() {
        return new AnalysisConfig(null);
    }
}
