package io.tollgate.adapter.haproxy;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Configuration of {@link HaproxyTrafficRouter}; validates itself on construction, and every error names
 * the field.
 *
 * @param host        where HAProxy's Runtime API listens ({@code stats socket ipv4@HOST:PORT level admin})
 * @param runtimePort its TCP port, 1..65535
 * @param callTimeout deadline of one Runtime API call (connect, send, read to EOF), 1 ms..60 s
 * @param totalWeight W: the absolute weights stable + canary always add up to this, 1..256 (HAProxy's maximum).
 *                    100 (the default) expresses every whole percent; with another W a percent p is applied only
 *                    when {@code p·W/100} is a whole number, otherwise apply answers NotSupported
 * @param stateFile   HAProxy's {@code server-state-file}, when this process can write it (same host): after each
 *                    successful change the router saves {@code show servers state} there, so the weights survive a
 *                    reload (with {@code load-server-state-from-file global}); null for none
 */
public record HaproxyConfig(String host, int runtimePort, Duration callTimeout, Integer totalWeight, Path stateFile) {
    /** Default deadline of one Runtime API call; HAProxy answers in well under a millisecond locally. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(2);
    /** Default W: weights are then the shares in percent. */
    public static final int DEFAULT_TOTAL_WEIGHT = 100;
    /** HAProxy's largest absolute server weight. */
    public static final int MAX_WEIGHT = 256;

    public HaproxyConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must be set");
        }
        if (runtimePort < 1 || runtimePort > 65535) {
            throw new IllegalArgumentException("runtimePort must be within 1..65535, was " + runtimePort);
        }
        // Omitted in configuration: the defaults (a YAML section gives null and 0 for keys it leaves out).
        callTimeout = callTimeout == null ? DEFAULT_CALL_TIMEOUT : callTimeout;
        totalWeight = totalWeight == null || totalWeight == 0 ? DEFAULT_TOTAL_WEIGHT : totalWeight;
        if (callTimeout.toMillis() < 1 || callTimeout.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("callTimeout must be within 1ms..60s, was " + callTimeout);
        }
        if (totalWeight < 1 || totalWeight > MAX_WEIGHT) {
            throw new IllegalArgumentException("totalWeight must be within 1.." + MAX_WEIGHT + ", was " + totalWeight);
        }
    }

    /** The defaults for {@code host:runtimePort}: 2 s per call, W = 100, no state file. */
    public static HaproxyConfig defaults(String host, int runtimePort) {
        return new HaproxyConfig(host, runtimePort, DEFAULT_CALL_TIMEOUT, DEFAULT_TOTAL_WEIGHT, null);
    }

    /** A copy with another call timeout. */
    public HaproxyConfig withCallTimeout(Duration timeout) {
        return new HaproxyConfig(host, runtimePort, timeout, totalWeight, stateFile);
    }

    /** A copy with another total weight. */
    public HaproxyConfig withTotalWeight(int weight) {
        return new HaproxyConfig(host, runtimePort, callTimeout, weight, stateFile);
    }

    /** A copy that saves the server state to {@code file} after each change. */
    public HaproxyConfig withStateFile(Path file) {
        return new HaproxyConfig(host, runtimePort, callTimeout, totalWeight, file);
    }
}
