package io.tollgate.config;

import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * How the calls to one adapter are guarded (resilience4j): a deadline per call, attempts with exponential backoff and
 * jitter, and a circuit breaker that stops calling an adapter that keeps failing. In the configuration every field is
 * optional ({@code releases.adapterGuards.<name or type>} falls back to the {@code releases.adapter*} / {@code releases.breaker*}
 * defaults); the engine only ever sees {@linkplain #over resolved} ones, every field set and checked.
 *
 * @param timeout             deadline of one call, 1ms..5m
 * @param attempts            attempts per call, 1..10
 * @param backoff             first wait between attempts (then ×2, ±50% jitter), 1ms..1m
 * @param breakerFailureRate  percentage of failed calls in the window that opens the breaker, 1..100
 * @param breakerWindow       how many of the last calls the failure rate is taken over, 1..1000
 * @param breakerMinimumCalls calls needed before the rate counts, 1..breakerWindow
 * @param breakerOpenFor      how long an open breaker refuses calls before it lets a few through, 1ms..1h
 */
public record AdapterGuardConfig(Duration timeout, Integer attempts, Duration backoff, Integer breakerFailureRate,
                                 Integer breakerWindow, Integer breakerMinimumCalls, Duration breakerOpenFor) {

    /** The built-in defaults: 5 s, 3 attempts 500 ms apart, breaker at 50% of the last 10 calls (at least 5), open 30 s. */
    public static final AdapterGuardConfig DEFAULTS = new AdapterGuardConfig(Duration.ofSeconds(5), 3, Duration.ofMillis(500),
            50, 10, 5, Duration.ofSeconds(30));

    /**
     * This guard with every missing field taken from {@code fallback}, checked. @param key names a field for errors,
     * e.g. {@code f -> "releases.adapterGuards.haproxy." + f}. @throws ConfigException naming the key of a bad value
     */
    public AdapterGuardConfig over(AdapterGuardConfig fallback, UnaryOperator<String> key) {
        var g = new AdapterGuardConfig(
                timeout != null ? timeout : fallback.timeout,
                attempts != null ? attempts : fallback.attempts,
                backoff != null ? backoff : fallback.backoff,
                breakerFailureRate != null ? breakerFailureRate : fallback.breakerFailureRate,
                breakerWindow != null ? breakerWindow : fallback.breakerWindow,
                breakerMinimumCalls != null ? breakerMinimumCalls : fallback.breakerMinimumCalls,
                breakerOpenFor != null ? breakerOpenFor : fallback.breakerOpenFor);
        between(g.timeout, Duration.ofMillis(1), Duration.ofMinutes(5), key.apply("timeout"));
        range(g.attempts, 1, 10, key.apply("attempts"));
        between(g.backoff, Duration.ofMillis(1), Duration.ofMinutes(1), key.apply("backoff"));
        range(g.breakerFailureRate, 1, 100, key.apply("breakerFailureRate"));
        range(g.breakerWindow, 1, 1000, key.apply("breakerWindow"));
        if (g.breakerMinimumCalls < 1 || g.breakerMinimumCalls > g.breakerWindow) {
            throw new ConfigException(key.apply("breakerMinimumCalls"), "must be in 1..breakerWindow (" + g.breakerWindow
                    + "), got " + g.breakerMinimumCalls);
        }
        between(g.breakerOpenFor, Duration.ofMillis(1), Duration.ofHours(1), key.apply("breakerOpenFor"));
        return g;
    }

    private static void range(int value, int min, int max, String key) {
        if (value < min || value > max) {
            throw new ConfigException(key, "must be in " + min + ".." + max + ", got " + value);
        }
    }

    private static void between(Duration d, Duration min, Duration max, String key) {
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new ConfigException(key, "must be between " + Durations.format(min) + " and " + Durations.format(max)
                    + ", got " + Durations.format(d));
        }
    }
}
