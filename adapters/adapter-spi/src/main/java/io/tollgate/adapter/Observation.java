package io.tollgate.adapter;

/**
 * What an adapter observed of the state it manages. "Cannot verify" is its own answer, distinct from a
 * provider that is down: the release controller treats them differently (Argo Rollouts' VerifyWeight).
 */
public sealed interface Observation permits Observation.Observed, Observation.CannotVerify, Observation.Pending,
        Observation.Unreachable {

    /** The provider reports {@code percent} (0..100) in effect; {@code detail} says how it was read. */
    record Observed(int percent, String detail) implements Observation {
    }

    /** The provider answered, but what it reports is not one percentage this adapter can vouch for. */
    record CannotVerify(String reason) implements Observation {
    }

    /**
     * The change is written, but the system that puts it into effect has not taken it up yet (a gateway controller has not
     * accepted the route's new generation): ask again. Only a {@link Reconciling} router answers this; the release keeps
     * observing for up to its {@link Reconciling#reconcileTimeout()} before it treats the answer as not verified.
     */
    record Pending(String reason) implements Observation {
    }

    /** The provider could not be asked (down, timed out, refused). */
    record Unreachable(String reason) implements Observation {
    }
}
