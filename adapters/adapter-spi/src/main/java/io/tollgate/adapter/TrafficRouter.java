package io.tollgate.adapter;

/**
 * Splits a route's traffic between its stable and canary destinations (e.g. HAProxy server weights, HTTPRoute
 * backendRef weights). Same
 * contract shape as {@link FlagRollout}: apply, observe separately, reset; values, not exceptions.
 */
public interface TrafficRouter extends AutoCloseable {

    /** The provider name used in release specs and configuration, e.g. {@code haproxy}. */
    String type();

    /**
     * Sends {@code canaryPercent} (0..100) of the traffic to the canary and the rest to stable, idempotently.
     * Answers {@link AdapterResult.NotSupported} when the target is not routed by this adapter (unknown
     * route or destination), changing nothing.
     */
    AdapterResult apply(TrafficTarget target, int canaryPercent);

    /**
     * The canary's share of traffic in percent as the router reports it now ({@link Observation.Observed}),
     * {@link Observation.CannotVerify} when the router answers but the share cannot be computed (e.g. a
     * destination is down or in maintenance), or {@link Observation.Unreachable}. Only a router that also implements
     * {@link Reconciling} answers {@link Observation.Pending} (written, not yet taken up by its controller).
     */
    Observation observe(TrafficTarget target);

    /** Sends all traffic to stable (rollback, abort). Idempotent. */
    AdapterResult reset(TrafficTarget target);

    @Override
    default void close() {
    }
}
