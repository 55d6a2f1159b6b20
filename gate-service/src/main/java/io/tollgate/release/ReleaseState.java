package io.tollgate.release;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a release is. Terminal states never change again (except promoted, which may still be rolled back). */
public enum ReleaseState {
    PENDING, GATING, APPLYING, BAKING, HALTED, PROMOTED, ROLLED_BACK, ABORTED, FAILED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ReleaseState> fromWire(String wire) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(wire)).findFirst();
    }

    /** A release in a terminal state needs no more steps and no longer blocks a new release of its service. */
    public boolean terminal() {
        return this == PROMOTED || this == ROLLED_BACK || this == ABORTED || this == FAILED;
    }
}
