package io.tollgate.config;

import java.time.Duration;

/**
 * Bounds of {@code POST /v1/policies/replay} (section {@code policy.replay}). Nulls take the defaults.
 *
 * @param maxBundleBytes {@code policy.replay.maxBundleBytes}: largest candidate bundle accepted (413 above it),
 *                       64 KiB..256 MiB; default 20 MiB (the shipped bundle is under 100 KiB)
 * @param timeout        {@code policy.replay.timeout}: longest one replay may run, compiling the candidate included;
 *                       then it stops and answers what it has, marked incomplete. 100ms..10m; default 2m (some 80,000 decisions at the rate measured on a loaded 2-core machine)
 */
public record PolicyReplayConfig(Integer maxBundleBytes, Duration timeout) {
    public static final int DEFAULT_MAX_BUNDLE_BYTES = 20 * 1024 * 1024;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);
    private static final int MIN_BUNDLE_BYTES = 64 * 1024;
    private static final int MAX_BUNDLE_BYTES = 256 * 1024 * 1024;

    public PolicyReplayConfig {
        maxBundleBytes = maxBundleBytes == null ? DEFAULT_MAX_BUNDLE_BYTES : maxBundleBytes;
        if (maxBundleBytes < MIN_BUNDLE_BYTES || maxBundleBytes > MAX_BUNDLE_BYTES) {
            throw new ConfigException("policy.replay.maxBundleBytes", "must be in " + MIN_BUNDLE_BYTES + ".." + MAX_BUNDLE_BYTES
                    + ", got " + maxBundleBytes);
        }
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.toMillis() < 100 || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new ConfigException("policy.replay.timeout", "must be between 100ms and 10m, got " + Durations.format(timeout));
        }
    }

    public static PolicyReplayConfig defaults() {
        return new PolicyReplayConfig(null, null);
    }
}
