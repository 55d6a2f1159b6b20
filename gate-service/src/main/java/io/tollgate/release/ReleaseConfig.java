package io.tollgate.release;

import io.tollgate.config.AdapterGuardConfig;
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
 * @param adapterGuard      deadline, attempts, backoff and circuit breaker of every adapter without its own guard
 * @param adapterGuards     per adapter instance name or type, resolved (every field set)
 * @param grossErrorRatio   canary error ratio that rolls back at once ...
 * @param grossMinRequests  ... once the canary served at least this many requests
 * @param strategies        named stage lists ({@code "strategy": "standard-canary"})
 * @param strategyAnalysis  the canary analysis of those named strategies that have one
 */
public record ReleaseConfig(Duration gateTimeout, Duration gateRetry, Duration lookInterval, AdapterGuardConfig adapterGuard,
                            Map<String, AdapterGuardConfig> adapterGuards, double grossErrorRatio, long grossMinRequests,
                            Map<String, List<ReleaseSpec.Stage>> strategies, Map<String, AnalysisSpec> strategyAnalysis,
                            Map<String, OnDrift> strategyOnDrift) {

    public ReleaseConfig {
        Objects.requireNonNull(gateTimeout, "releases.gateTimeout");
        Objects.requireNonNull(gateRetry, "releases.gateRetry");
        Objects.requireNonNull(lookInterval, "releases.lookInterval");
        // Resolving against the built-in defaults checks every field (ranges) and fills any left out.
        adapterGuard = Objects.requireNonNull(adapterGuard, "releases.adapterGuard").over(AdapterGuardConfig.DEFAULTS, f -> "releases." + f);
        var fallback = adapterGuard;
        var resolved = new java.util.HashMap<String, AdapterGuardConfig>();
        (adapterGuards == null ? Map.<String, AdapterGuardConfig>of() : adapterGuards).forEach((type, g) ->
                resolved.put(type, g.over(fallback, f -> "releases.adapterGuards." + type + "." + f)));
        adapterGuards = Map.copyOf(resolved);
        if (grossErrorRatio <= 0 || grossErrorRatio > 1) {
            throw new IllegalArgumentException("releases.grossErrorRatio must be in (0, 1]");
        }
        strategies = Map.copyOf(strategies == null ? Map.of() : strategies);
        strategyAnalysis = Map.copyOf(strategyAnalysis == null ? Map.of() : strategyAnalysis);
        strategyOnDrift = Map.copyOf(strategyOnDrift == null ? Map.of() : strategyOnDrift);
    }

    /** Named strategies whose drift handling is the default (halt). */
    public ReleaseConfig(Duration gateTimeout, Duration gateRetry, Duration lookInterval, AdapterGuardConfig adapterGuard,
                         Map<String, AdapterGuardConfig> adapterGuards, double grossErrorRatio, long grossMinRequests,
                         Map<String, List<ReleaseSpec.Stage>> strategies, Map<String, AnalysisSpec> strategyAnalysis) {
        this(gateTimeout, gateRetry, lookInterval, adapterGuard, adapterGuards, grossErrorRatio, grossMinRequests, strategies,
                strategyAnalysis, Map.of());
    }

    /** What a named strategy does on drift: its {@code onDrift}, else halt. */
    public OnDrift onDrift(String strategy) {
        return strategyOnDrift.getOrDefault(strategy, OnDrift.HALT);
    }

    /** Named strategies without analysis. */
    public ReleaseConfig(Duration gateTimeout, Duration gateRetry, Duration lookInterval, AdapterGuardConfig adapterGuard,
                         Map<String, AdapterGuardConfig> adapterGuards, double grossErrorRatio, long grossMinRequests,
                         Map<String, List<ReleaseSpec.Stage>> strategies) {
        this(gateTimeout, gateRetry, lookInterval, adapterGuard, adapterGuards, grossErrorRatio, grossMinRequests, strategies, Map.of());
    }

    /** One guard for every adapter: the given deadline, attempts and backoff, the default circuit breaker. */
    public ReleaseConfig(Duration gateTimeout, Duration gateRetry, Duration lookInterval, Duration adapterTimeout, int adapterAttempts,
                         Duration adapterBackoff, double grossErrorRatio, long grossMinRequests, Map<String, List<ReleaseSpec.Stage>> strategies) {
        this(gateTimeout, gateRetry, lookInterval, new AdapterGuardConfig(adapterTimeout, adapterAttempts, adapterBackoff, null, null, null, null),
                Map.of(), grossErrorRatio, grossMinRequests, strategies);
    }

    public static ReleaseConfig defaults() {
        return new ReleaseConfig(Duration.ofMinutes(30), Duration.ofSeconds(15), Duration.ofSeconds(10), AdapterGuardConfig.DEFAULTS,
                Map.of(), 0.20, 50, Map.of());
    }

    /** The guard of adapter {@code name}: its own when configured, else the common one. */
    public AdapterGuardConfig guard(String name) {
        return guard(name, name);
    }

    /** The guard of adapter instance {@code name} of {@code type}: the instance's own, else its type's, else the common one. */
    public AdapterGuardConfig guard(String name, String type) {
        var own = adapterGuards.get(name);
        return own != null ? own : adapterGuards.getOrDefault(type, adapterGuard);
    }

    public ReleaseConfig withStrategies(Map<String, List<ReleaseSpec.Stage>> s) {
        return new ReleaseConfig(gateTimeout, gateRetry, lookInterval, adapterGuard, adapterGuards, grossErrorRatio, grossMinRequests, s,
                strategyAnalysis, strategyOnDrift);
    }
}
