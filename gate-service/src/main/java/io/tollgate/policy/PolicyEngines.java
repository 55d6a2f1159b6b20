package io.tollgate.policy;

import io.tollgate.config.ConfigException;
import io.tollgate.config.PolicyConfig;

/** Builds the configured {@link PolicyEngine}. The one place that maps an engine name to a class. */
public final class PolicyEngines {
    private PolicyEngines() {
    }

    /**
     * Builds the engine {@code config.engine()} names, from the validated record as it is.
     *
     * @throws ConfigException {@code policy.bundle} when the embedded engine's bundle is missing, not a
     *                         gzipped tar, or lacks the entry point; {@code policy.engine} for a name this
     *                         factory does not know (never falls back to another engine)
     */
    public static PolicyEngine create(PolicyConfig config) {
        return switch (config.engine()) {
            case WasmPolicyEngine.KIND -> embedded(config);
            case OpaServerPolicyEngine.KIND -> new OpaServerPolicyEngine(config.opaUrl(), config.timeout());
            default -> throw new ConfigException("policy.engine", "no engine named \"" + config.engine() + "\"");
        };
    }

    private static PolicyEngine embedded(PolicyConfig config) {
        try {
            var bundle = config.bundle() == null ? PolicyBundle.loadFromClasspath() : PolicyBundle.load(config.bundle());
            return new WasmPolicyEngine(bundle, config.timeout(), config.poolSize());
        } catch (PolicyBundleException e) {
            // The bundle is operator input like any other setting: one line naming the key, no stack trace.
            String problem = e.getMessage().startsWith("policy bundle ") ? e.getMessage().substring("policy bundle ".length()) : e.getMessage();
            throw new ConfigException("policy.bundle", problem.replaceAll("\\s*\\R\\s*", " "));
        }
    }
}
