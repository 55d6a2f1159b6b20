package io.tollgate.adapter;

/** Splits traffic between the stable and the canary version of a service (e.g. HAProxy server weights). */
public interface TrafficShifter {

    /** The provider name used in configuration, e.g. {@code haproxy}. */
    String type();

    /**
     * Sends {@code canaryPercent} (0..100) of the service's traffic to the canary and the rest to
     * stable. Returns {@link AdapterResult.NotSupported} when the service is not routed by this adapter.
     */
    AdapterResult setCanaryWeight(String service, int canaryPercent);

    /** The canary's current share of traffic in percent, or -1 when the service is unknown here. */
    int currentCanaryWeight(String service);
}
