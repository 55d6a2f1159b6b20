package io.tollgate.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The release engine (section {@code releases}). Nulls take the defaults below.
 *
 * @param strategiesFile     YAML mapping strategy name → {@code stages: [...]} ({@code "strategy": "standard-canary"});
 *                           null: only inline stages. Read and validated at start-up
 * @param gateTimeout        a gate answering hold this long halts the release ({@code gate_timeout}); default 30m
 * @param gateRetry          first wait after a hold (later waits grow); default 15s
 * @param lookInterval       how often a bake looks at drift, SLOs and the canary; default 10s
 * @param pollInterval       how often db-scheduler looks for due steps; default 1s
 * @param adapterTimeout     deadline of one adapter call; default 5s
 * @param adapterAttempts    attempts per adapter call, 1..10; default 3
 * @param adapterBackoff     first backoff between attempts (exponential, with jitter); default 500ms
 * @param grossErrorRatio    canary error ratio that rolls back at once, (0, 1]; default 0.2
 * @param grossMinRequests   ... once the canary served at least this many requests; default 50
 */
public record ReleasesConfig(Path strategiesFile, Duration gateTimeout, Duration gateRetry, Duration lookInterval,
                             Duration pollInterval, Duration adapterTimeout, Integer adapterAttempts, Duration adapterBackoff,
                             Double grossErrorRatio, Integer grossMinRequests) {
    public ReleasesConfig {
        gateTimeout = positive(gateTimeout, Duration.ofMinutes(30), "releases.gateTimeout");
        gateRetry = positive(gateRetry, Duration.ofSeconds(15), "releases.gateRetry");
        lookInterval = positive(lookInterval, Duration.ofSeconds(10), "releases.lookInterval");
        pollInterval = positive(pollInterval, Duration.ofSeconds(1), "releases.pollInterval");
        adapterTimeout = positive(adapterTimeout, Duration.ofSeconds(5), "releases.adapterTimeout");
        adapterBackoff = positive(adapterBackoff, Duration.ofMillis(500), "releases.adapterBackoff");
        adapterAttempts = adapterAttempts == null ? 3 : adapterAttempts;
        if (adapterAttempts < 1 || adapterAttempts > 10) {
            throw new ConfigException("releases.adapterAttempts", "must be in 1..10, got " + adapterAttempts);
        }
        grossErrorRatio = grossErrorRatio == null ? 0.2 : grossErrorRatio;
        if (!(grossErrorRatio > 0 && grossErrorRatio <= 1)) {
            throw new ConfigException("releases.grossErrorRatio", "must be in (0, 1], got " + grossErrorRatio);
        }
        grossMinRequests = grossMinRequests == null ? 50 : grossMinRequests;
        if (grossMinRequests < 1) {
            throw new ConfigException("releases.grossMinRequests", "must be at least 1, got " + grossMinRequests);
        }
    }

    public static ReleasesConfig defaults() {
        return new ReleasesConfig(null, null, null, null, null, null, null, null, null, null);
    }

    private static Duration positive(Duration d, Duration fallback, String key) {
        if (d == null) {
            return fallback;
        }
        if (d.isNegative() || d.isZero()) {
            throw new ConfigException(key, "must be positive, got " + Durations.format(d));
        }
        return d;
    }
}
