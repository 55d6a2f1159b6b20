package io.tollgate.adapter;

/**
 * Drives the rollout percentage of a feature flag (e.g. Unleash's gradual rollout). Three calls, each
 * answering a value, never throwing for a remote failure: the release controller applies the desired
 * state, then verifies it separately with {@link #observe}, and resets on rollback or abort.
 */
public interface FlagRollout extends AutoCloseable {

    /** The provider name used in release specs and configuration, e.g. {@code unleash}. */
    String type();

    /**
     * Makes the flag serve {@code percent} (0..100) of users in the target's environment, idempotently
     * (absolute values: applying twice is applying once). Creates the flag if it does not exist. Answers
     * {@link AdapterResult.NotSupported} for a flag this adapter cannot manage (e.g. one whose strategies
     * were set up by hand in a shape it does not own), changing nothing.
     */
    AdapterResult apply(FlagTarget target, int percent);

    /**
     * The percentage the provider says is in effect now: {@link Observation.Observed}; or
     * {@link Observation.CannotVerify} when the provider answers but the state cannot be expressed as one
     * percentage (flag missing, several strategies); or {@link Observation.Unreachable}.
     */
    Observation observe(FlagTarget target);

    /** Turns the flag off in the target's environment (rollback, abort). Idempotent. */
    AdapterResult reset(FlagTarget target);

    @Override
    default void close() {
    }
}
