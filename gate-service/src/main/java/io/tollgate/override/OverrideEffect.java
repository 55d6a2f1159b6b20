package io.tollgate.override;

import java.util.Arrays;
import java.util.Optional;

/** What an override does to the checks it matches. */
public enum OverrideEffect {
    /** A deny or hold whose reasons are all in the override's suppress list becomes allow. */
    ALLOW("allow"),
    /** A release held for an inconclusive canary analysis may continue. */
    SKIP_ANALYSIS("skip-analysis"),
    /** Every check and release stage holds with {@code frozen_by_override} until the override ends. */
    FREEZE("freeze");

    private final String wire;

    OverrideEffect(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<OverrideEffect> fromWire(String wire) {
        return Arrays.stream(values()).filter(e -> e.wire.equals(wire)).findFirst();
    }

    /** True for the effects that loosen a gate (the policy is stricter about those). */
    public boolean loosens() {
        return this != FREEZE;
    }
}
