package io.tollgate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The release engine (section {@code releases}). Nulls take the defaults below.
 *
 * @param strategiesFile      YAML mapping strategy name → {@code stages: [...]} ({@code "strategy": "standard-canary"});
 *                            null: only inline stages. Read and validated at start-up
 * @param gateTimeout         a gate answering hold this long halts the release ({@code gate_timeout}); default 30m
 * @param gateRetry           first wait after a hold (later waits grow); default 15s
 * @param lookInterval        how often a bake looks at drift, SLOs and the canary; default 10s
 * @param pollInterval        how often db-scheduler looks for due steps; default 1s
 * @param adapterTimeout      deadline of one adapter call, 1ms..5m; default 5s
 * @param adapterAttempts     attempts per adapter call, 1..10; default 3
 * @param adapterBackoff      first backoff between attempts (exponential, with jitter), 1ms..1m; default 500ms
 * @param grossErrorRatio     canary error ratio that rolls back at once, (0, 1]; default 0.2
 * @param grossMinRequests    ... once the canary served at least this many requests; default 50
 * @param breakerFailureRate  % of failed calls over the window that opens an adapter's circuit breaker, 1..100; default 50
 * @param breakerWindow       calls the failure rate is taken over, 1..1000; default 10
 * @param breakerMinimumCalls calls before the rate counts, 1..breakerWindow; default 5
 * @param breakerOpenFor      how long an open breaker refuses calls, 1ms..1h; default 30s
 * @param adapterGuards       per adapter instance (a name under {@code adapters}) or type (every instance of it without
 *                            its own entry): any of {@code timeout}, {@code attempts}, {@code backoff},
 *                            {@code breakerFailureRate}, {@code breakerWindow}, {@code breakerMinimumCalls},
 *                            {@code breakerOpenFor}, overriding the values above for that adapter. Resolved here: every
 *                            guard it holds has all fields set; the names are checked in {@link TollgateConfig}
 */
public record ReleasesConfig(Path strategiesFile, Duration gateTimeout, Duration gateRetry, Duration lookInterval,
                             Duration pollInterval, Duration adapterTimeout, Integer adapterAttempts, Duration adapterBackoff,
                             Double grossErrorRatio, Integer grossMinRequests, Integer breakerFailureRate, Integer breakerWindow,
                             Integer breakerMinimumCalls, Duration breakerOpenFor, Map<String, AdapterGuardConfig> adapterGuards) {
    public ReleasesConfig {
        gateTimeout = Durations.positive(gateTimeout, Duration.ofMinutes(30), "releases.gateTimeout");
        gateRetry = Durations.positive(gateRetry, Duration.ofSeconds(15), "releases.gateRetry");
        lookInterval = Durations.positive(lookInterval, Duration.ofSeconds(10), "releases.lookInterval");
        pollInterval = Durations.positive(pollInterval, Duration.ofSeconds(1), "releases.pollInterval");
        var defaults = new AdapterGuardConfig(adapterTimeout, adapterAttempts, adapterBackoff, breakerFailureRate, breakerWindow,
                breakerMinimumCalls, breakerOpenFor).over(AdapterGuardConfig.DEFAULTS, ReleasesConfig::defaultKey);
        adapterTimeout = defaults.timeout();
        adapterAttempts = defaults.attempts();
        adapterBackoff = defaults.backoff();
        breakerFailureRate = defaults.breakerFailureRate();
        breakerWindow = defaults.breakerWindow();
        breakerMinimumCalls = defaults.breakerMinimumCalls();
        breakerOpenFor = defaults.breakerOpenFor();
        var guards = new LinkedHashMap<String, AdapterGuardConfig>();
        // Which names exist is checked against the adapters section (TollgateConfig): this section cannot see it.
        new TreeMap<>(adapterGuards == null ? Map.<String, AdapterGuardConfig>of() : adapterGuards).forEach((name, given) -> {
            String at = "releases.adapterGuards." + name;
            guards.put(name, (given == null ? new AdapterGuardConfig(null, null, null, null, null, null, null) : given)
                    .over(defaults, f -> at + "." + f));
        });
        adapterGuards = Map.copyOf(guards);
        grossErrorRatio = grossErrorRatio == null ? 0.2 : grossErrorRatio;
        if (!(grossErrorRatio > 0 && grossErrorRatio <= 1)) {
            throw new ConfigException("releases.grossErrorRatio", "must be in (0, 1], got " + grossErrorRatio);
        }
        grossMinRequests = grossMinRequests == null ? 50 : grossMinRequests;
        if (grossMinRequests < 1) {
            throw new ConfigException("releases.grossMinRequests", "must be at least 1, got " + grossMinRequests);
        }
    }

    /** Without circuit-breaker settings or per-adapter guards (their defaults). */
    public ReleasesConfig(Path strategiesFile, Duration gateTimeout, Duration gateRetry, Duration lookInterval, Duration pollInterval,
                          Duration adapterTimeout, Integer adapterAttempts, Duration adapterBackoff, Double grossErrorRatio,
                          Integer grossMinRequests) {
        this(strategiesFile, gateTimeout, gateRetry, lookInterval, pollInterval, adapterTimeout, adapterAttempts, adapterBackoff,
                grossErrorRatio, grossMinRequests, null, null, null, null, null);
    }

    public static ReleasesConfig defaults() {
        return new ReleasesConfig(null, null, null, null, null, null, null, null, null, null);
    }

    /** The guard of every adapter without its own entry in {@link #adapterGuards()}. */
    public AdapterGuardConfig adapterGuard() {
        return new AdapterGuardConfig(adapterTimeout, adapterAttempts, adapterBackoff, breakerFailureRate, breakerWindow,
                breakerMinimumCalls, breakerOpenFor);
    }

    /** This section with per-adapter guards (tests build the section in code). */
    public ReleasesConfig withAdapterGuards(Map<String, AdapterGuardConfig> guards) {
        return new ReleasesConfig(strategiesFile, gateTimeout, gateRetry, lookInterval, pollInterval, adapterTimeout, adapterAttempts,
                adapterBackoff, grossErrorRatio, grossMinRequests, breakerFailureRate, breakerWindow, breakerMinimumCalls,
                breakerOpenFor, guards);
    }

    private static String defaultKey(String field) {
        return "releases." + switch (field) {
            case "timeout" -> "adapterTimeout";
            case "attempts" -> "adapterAttempts";
            case "backoff" -> "adapterBackoff";
            default -> field;
        };
    }
}
