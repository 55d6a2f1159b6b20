package io.tollgate.plan;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a plan is. Final states never change again, except completed, which may still be rolled back. */
public enum PlanState {
    PENDING, RUNNING, COMPLETED, HALTED, ROLLING_BACK, ROLLED_BACK, FAILED, ABORTED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PlanState> fromWire(String wire) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(wire)).findFirst();
    }

    public boolean terminal() {
        return this == COMPLETED || this == ROLLED_BACK || this == FAILED || this == ABORTED;
    }
}
