package io.tollgate.adapter;

import java.util.Objects;

/**
 * What a {@link TrafficRouter} splits, in neutral terms: the {@code route} whose traffic is divided and its two
 * destinations. Each adapter says what the names mean to it: for HAProxy the route is a backend and stable/canary are
 * its servers; for a Gateway API HTTPRoute or an Istio VirtualService the route is the resource's name and
 * stable/canary the backends (Services, subsets) of the rule it manages. Anything else an adapter needs (namespace,
 * rule name, cluster) belongs in its own configuration section, not here.
 */
public record TrafficTarget(String route, String stable, String canary) {
    public TrafficTarget {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(stable, "stable");
        Objects.requireNonNull(canary, "canary");
    }

    /** The destination of {@code side}. */
    public String destination(Side side) {
        return side == Side.STABLE ? stable : canary;
    }
}
