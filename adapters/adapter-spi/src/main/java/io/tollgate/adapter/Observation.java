package io.tollgate.adapter;

/**
 * What an adapter observed of the state it manages. "Cannot verify" is its own answer, distinct from a
 * provider that is down: the release controller treats them differently (Argo Rollouts' VerifyWeight).
 */
public sealed interface Observation permits Observation.Observed, Observation.CannotVerify, Observation.Unreachable {

    /** The provider reports {@code percent} (0..100) in effect; {@code detail} says how it was read. */
    record Observed(int percent, String detail) implements Observation {
    }

    /** The provider answered, but what it reports is not one percentage this adapter can vouch for. */
    record CannotVerify(String reason) implements Observation {
    }

    /** The provider could not be asked (down, timed out, refused). */
    record Unreachable(String reason) implements Observation {
    }
}
