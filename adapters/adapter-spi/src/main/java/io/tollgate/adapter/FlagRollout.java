package io.tollgate.adapter;

/** Drives the rollout percentage of a feature flag (e.g. Unleash's flexibleRollout strategy). */
public interface FlagRollout {

    /** The provider name used in configuration, e.g. {@code unleash}. */
    String type();

    /**
     * Sets the share of users that get the flag to {@code percent} (0..100) in {@code environment}.
     * Returns {@link AdapterResult.NotSupported} for a flag this adapter does not manage.
     */
    AdapterResult setRolloutPercent(String flag, String environment, int percent);

    /** The current rollout percentage, or -1 when the flag or its strategy does not exist. */
    int currentRolloutPercent(String flag, String environment);
}
