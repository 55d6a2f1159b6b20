package io.tollgate.adapter;

import java.util.Objects;

/** A routed service: the router's backend and the stable and canary servers in it. */
public record TrafficTarget(String backend, String stable, String canary) {
    public TrafficTarget {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(stable, "stable");
        Objects.requireNonNull(canary, "canary");
    }
}
