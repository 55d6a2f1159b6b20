package io.tollgate.release;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a bake does when the flag % or canary weight it reads back is not what Tollgate set (someone changed it by
 * hand): record {@code drift_detected} and halt for a human, or record it and put the desired value back.
 */
public enum OnDrift {
    HALT("halt"),
    REAPPLY("reapply");

    private final String wire;

    OnDrift(String wire) {
        this.wire = wire;
    }

    /** The spelling in requests, specs and history: {@code halt}, {@code reapply}. */
    @JsonValue
    public String wire() {
        return wire;
    }

    public static Optional<OnDrift> fromWire(String text) {
        return Arrays.stream(values()).filter(v -> v.wire.equals(text)).findFirst();
    }

    @JsonCreator
    static OnDrift read(String text) {
        return fromWire(text).orElseThrow(() -> new IllegalArgumentException("onDrift must be halt or reapply, got " + text));
    }
}
