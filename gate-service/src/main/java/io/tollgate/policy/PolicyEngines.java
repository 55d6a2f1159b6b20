package io.tollgate.policy;

/** Builds the configured {@link PolicyEngine}. The one place that maps an engine kind to a class. */
public final class PolicyEngines {
    private PolicyEngines() {
    }

    /**
     * Builds the engine {@code settings.kind()} names.
     *
     * @throws IllegalArgumentException for a kind this factory does not know (never falls back to another engine)
     * @throws PolicyBundleException    when the embedded engine's bundle is missing or unusable
     */
    public static PolicyEngine create(PolicyEngineSettings settings) {
        return switch (settings.kind()) {
            case WasmPolicyEngine.KIND -> new WasmPolicyEngine(
                    settings.bundlePath() == null ? PolicyBundle.loadFromClasspath() : PolicyBundle.load(settings.bundlePath()),
                    settings.timeout(), settings.poolSize());
            case OpaServerPolicyEngine.KIND -> new OpaServerPolicyEngine(settings.opaUrl(), settings.timeout());
            default -> throw new IllegalArgumentException("policy.engine: unknown engine kind \"" + settings.kind() + "\"");
        };
    }
}
