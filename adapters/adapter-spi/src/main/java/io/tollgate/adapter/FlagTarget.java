package io.tollgate.adapter;

import java.util.Objects;

/** A feature flag in one environment of the flag provider. */
public record FlagTarget(String feature, String environment) {
    public FlagTarget {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(environment, "environment");
    }
}
