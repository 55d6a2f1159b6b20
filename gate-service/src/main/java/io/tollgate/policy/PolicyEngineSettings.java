package io.tollgate.policy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to build the policy engine, as read from the {@code policy.*} configuration. Validates itself:
 * every message names the configuration key at fault.
 *
 * @param kind       {@code policy.engine}: {@value WasmPolicyEngine#KIND} or {@value OpaServerPolicyEngine#KIND}
 * @param bundlePath {@code policy.bundle}: Wasm bundle file for the embedded engine; null means the bundle
 *                   built into the service ({@code classpath:policy/bundle.tar.gz})
 * @param opaUrl     {@code policy.opa-url}: base http(s) URL of the OPA server; required for {@code opa-server}
 * @param timeout    {@code policy.timeout}: deadline of one evaluation, 1 ms to 60 s
 * @param poolSize   {@code policy.pool-size}: Wasm instances (and worker threads) of the embedded engine, 1 to 256
 */
public record PolicyEngineSettings(String kind, Path bundlePath, URI opaUrl, Duration timeout, int poolSize) {
    public static final List<String> KINDS = List.of(WasmPolicyEngine.KIND, OpaServerPolicyEngine.KIND);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(200);
    public static final int DEFAULT_POOL_SIZE = 4;
    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);

    public PolicyEngineSettings {
        if (kind == null || !KINDS.contains(kind)) {
            throw new IllegalArgumentException("policy.engine: must be one of " + String.join(", ", KINDS)
                    + ", got " + (kind == null ? "nothing" : "\"" + kind + "\""));
        }
        if (opaUrl != null) {
            String scheme = opaUrl.getScheme();
            if (!("http".equals(scheme) || "https".equals(scheme)) || opaUrl.getHost() == null) {
                throw new IllegalArgumentException("policy.opa-url: must be an absolute http(s) URL such as http://127.0.0.1:8181, got \""
                        + opaUrl + "\"");
            }
        } else if (OpaServerPolicyEngine.KIND.equals(kind)) {
            throw new IllegalArgumentException("policy.opa-url: required when policy.engine is opa-server");
        }
        if (timeout == null || timeout.isNegative() || timeout.toMillis() < 1 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("policy.timeout: must be between 1 ms and 60 s, got " + timeout);
        }
        if (poolSize < 1 || poolSize > 256) {
            throw new IllegalArgumentException("policy.pool-size: must be between 1 and 256, got " + poolSize);
        }
    }

    /** Embedded engine on the built-in bundle with the default timeout and pool size. */
    public static PolicyEngineSettings embeddedDefaults() {
        return new PolicyEngineSettings(WasmPolicyEngine.KIND, null, null, DEFAULT_TIMEOUT, DEFAULT_POOL_SIZE);
    }
}
