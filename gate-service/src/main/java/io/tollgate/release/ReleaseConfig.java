package io.tollgate.release;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the release engine, validated.
 *
 * @param gateTimeout       how long a gate may keep answering hold before the release halts ({@code gate_timeout})
 * @param gateRetry         first wait after a hold; later waits double up to a quarter of the timeout
 * @param lookInterval      how often a bake looks at drift, SLOs and the canary
 * @param adapterTimeout    deadline of one adapter call
 * @param adapterAttempts   attempts per adapter call (exponential backoff with jitter between them)
 * @param adapterBackoff    first backoff between attempts
 * @param grossErrorRatio   canary error ratio that rolls back at once ...
 * @param grossMinRequests  ... once the canary served at least this many requests
 * @param strategies        named stage lists ({@code "strategy": "standard-canary"})
 */
public record ReleaseConfig(Duration gateTimeout, Duration gateRetry, Duration lookInterval, Duration adapterTimeout,
                            int adapterAttempts, Duration adapterBackoff, double grossErrorRatio, long grossMinRequests,
                            Map<String, List<ReleaseSpec.Stage>> strategies) {

    public ReleaseConfig {
        Objects.requireNonNull(gateTimeout, "releases.gateTimeout");
        Objects.requireNonNull(gateRetry, "releases.gateRetry");
        Objects.requireNonNull(lookInterval, "releases.lookInterval");
        Objects.requireNonNull(adapterTimeout, "releases.adapterTimeout");
        Objects.requireNonNull(adapterBackoff, "releases.adapterBackoff");
        if (adapterAttempts < 1) {
            throw new IllegalArgumentException("releases.adapterAttempts must be at least 1");
        }
        if (grossErrorRatio <= 0 || grossErrorRatio > 1) {
            throw new IllegalArgumentException("releases.grossErrorRatio must be in (0, 1]");
        }
        strategies = Map.copyOf(strategies == null ? Map.of() : strategies);
    }

    public static ReleaseConfig defaults() {
        return new ReleaseConfig(Duration.ofMinutes(30), Duration.ofSeconds(15), Duration.ofSeconds(10),
                Duration.ofSeconds(5), 3, Duration.ofMillis(500), 0.20, 50, Map.of());
    }

    public ReleaseConfig withStrategies(Map<String, List<ReleaseSpec.Stage>> s) {
        return new ReleaseConfig(gateTimeout, gateRetry, lookInterval, adapterTimeout, adapterAttempts, adapterBackoff,
                grossErrorRatio, grossMinRequests, s);
    }
}
