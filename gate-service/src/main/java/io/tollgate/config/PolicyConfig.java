package io.tollgate.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Which policy engine evaluates gate checks, validated once here; {@code PolicyEngines.create} takes this
 * record as it is. Whether {@code bundle} is a usable bundle is only known when it is read at start-up;
 * that failure is reported as {@code policy.bundle} too.
 *
 * @param engine   {@code policy.engine}: {@code embedded} (OPA Wasm in-process) or {@code opa-server} (OPA REST API)
 * @param bundle   {@code policy.bundle}: an {@code opa build -t wasm} bundle for the embedded engine; null uses the
 *                 one built from policies/
 * @param opaUrl   {@code policy.opaUrl}: absolute http(s) base URL of the OPA server for {@code opa-server}
 * @param timeout  {@code policy.timeout}: longest one evaluation may take (1ms..30s) before the gate denies with
 *                 policy_unavailable
 * @param poolSize {@code policy.poolSize}: Wasm instances (and worker threads) of the embedded engine, 1..64;
 *                 0 means one per core, at least 2
 * @param replay   {@code policy.replay}: bounds of policy what-if replays; null takes the defaults
 */
public record PolicyConfig(String engine, Path bundle, URI opaUrl, Duration timeout, int poolSize, PolicyReplayConfig replay) {
    public static final String EMBEDDED = "embedded";
    public static final String OPA_SERVER = "opa-server";
    public static final List<String> ENGINES = List.of(EMBEDDED, OPA_SERVER);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);
    public static final URI DEFAULT_OPA_URL = URI.create("http://127.0.0.1:8181");
    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(30);

    public PolicyConfig {
        engine = engine == null || engine.isBlank() ? EMBEDDED : engine.trim();
        if (!ENGINES.contains(engine)) {
            throw new ConfigException("policy.engine", "must be one of " + String.join(", ", ENGINES) + ", got \"" + engine + "\"");
        }
        opaUrl = opaUrl == null ? DEFAULT_OPA_URL : opaUrl;
        Urls.requireHttp("policy.opaUrl", opaUrl);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.toMillis() < 1 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new ConfigException("policy.timeout", "must be between 1ms and 30s, got " + Durations.format(timeout));
        }
        poolSize = poolSize == 0 ? Math.max(2, Runtime.getRuntime().availableProcessors()) : poolSize;
        if (poolSize < 1 || poolSize > 64) {
            throw new ConfigException("policy.poolSize", "must be in 1..64, got " + poolSize);
        }
        replay = replay == null ? PolicyReplayConfig.defaults() : replay;
    }

    /** With the default replay bounds. */
    public PolicyConfig(String engine, Path bundle, URI opaUrl, Duration timeout, int poolSize) {
        this(engine, bundle, opaUrl, timeout, poolSize, null);
    }

    /** The embedded engine on the built-in bundle with the default timeout and pool size. */
    public static PolicyConfig embeddedDefaults() {
        return new PolicyConfig(EMBEDDED, null, null, null, 0);
    }
}
