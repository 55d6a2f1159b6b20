package io.tollgate.decision;

import java.util.Objects;

/** A machine-readable reason behind a decision: a stable snake_case {@code code} and a human message. */
public record Reason(String code, String message) implements Comparable<Reason> {
    public Reason {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public int compareTo(Reason other) {
        int byCode = code.compareTo(other.code);
        return byCode != 0 ? byCode : message.compareTo(other.message);
    }
}
