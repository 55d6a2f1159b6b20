package io.tollgate.decision;

import java.util.Locale;

/** The three answers a gate can give. {@link #wire()} is the lowercase form used in JSON and the database. */
public enum Outcome {
    ALLOW, DENY, HOLD;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the wire form; returns null for anything else so callers can report the field. */
    public static Outcome fromWire(String value) {
        if (value == null) {
            return null;
        }
        for (var o : values()) {
            if (o.wire().equals(value)) {
                return o;
            }
        }
        return null;
    }
}
