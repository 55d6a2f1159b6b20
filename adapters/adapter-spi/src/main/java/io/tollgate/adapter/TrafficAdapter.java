package io.tollgate.adapter;

/** A configured traffic adapter instance: how to create its {@link TrafficRouter}, and the canary metrics it knows. */
public non-sealed interface TrafficAdapter extends ConfiguredAdapter {

    /** A new router for this instance; called once, on first use. Must not block on the remote system. */
    TrafficRouter create();

    /**
     * Where this router's data plane reports requests, errors and latency per destination, as PromQL with the
     * target's names filled in. {@link CanaryQueries#NONE} when it reports none: canary health and analysis are then
     * "unavailable", which never rolls a release back by itself.
     */
    default CanaryQueries queries() {
        return CanaryQueries.NONE;
    }
}
