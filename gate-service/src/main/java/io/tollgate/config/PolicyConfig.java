package io.tollgate.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * Which policy engine evaluates gate checks.
 *
 * @param engine   {@code embedded} (OPA Wasm in-process) or {@code opa-server} (OPA REST API)
 * @param bundle   an {@code opa build -t wasm} bundle for the embedded engine; null uses the one built from policies/
 * @param opaUrl   base URL of the OPA server for {@code opa-server}
 * @param timeout  longest a single evaluation may take before the gate denies with policy_unavailable
 * @param poolSize Wasm instances evaluating in parallel (embedded engine)
 */
public record PolicyConfig(String engine, Path bundle, URI opaUrl, Duration timeout, int poolSize) {
    public static final Set<String> ENGINES = Set.of("embedded", "opa-server");

    public PolicyConfig {
        if (engine == null || engine.isBlank()) {
            engine = "embedded";
        }
        if (!ENGINES.contains(engine)) {
            throw new ConfigException("policy.engine", "must be one of embedded, opa-server, got \"" + engine + "\"");
        }
        if (opaUrl == null) {
            opaUrl = URI.create("http://127.0.0.1:8181");
        }
        if (!"http".equals(opaUrl.getScheme()) && !"https".equals(opaUrl.getScheme())) {
            throw new ConfigException("policy.opaUrl", "must be an http(s) URL, got \"" + opaUrl + "\"");
        }
        if (timeout == null) {
            timeout = Duration.ofMillis(500);
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofSeconds(30)) > 0) {
            throw new ConfigException("policy.timeout", "must be between 1ms and 30s, got " + timeout);
        }
        if (poolSize == 0) {
            poolSize = Math.max(2, Runtime.getRuntime().availableProcessors());
        }
        if (poolSize < 1 || poolSize > 64) {
            throw new ConfigException("policy.poolSize", "must be in 1..64, got " + poolSize);
        }
    }
}
