package io.tollgate.plan;

import java.time.Instant;
import java.util.UUID;

/**
 * The engine's record of one release of a plan.
 *
 * @param claimedAt    when the controller decided to start it (written before the release is created)
 * @param releaseId    the release, once created; null while waiting
 * @param endedAt      when its release was first seen in a final state
 * @param compensation null, {@code requested}, {@code verified}, {@code not_needed} or {@code failed}
 */
public record PlanEntry(String key, int position, String service, UUID releaseId, Instant claimedAt, Instant startedAt,
                        Instant endedAt, String compensation, Instant compensatedAt) {
    public static final String REQUESTED = "requested";
    public static final String VERIFIED = "verified";
    public static final String NOT_NEEDED = "not_needed";
    public static final String FAILED = "failed";

    public static PlanEntry waiting(String key, int position, String service) {
        return new PlanEntry(key, position, service, null, null, null, null, null, null);
    }

    public PlanEntry claimed(Instant at) {
        return new PlanEntry(key, position, service, releaseId, at, startedAt, endedAt, compensation, compensatedAt);
    }

    public PlanEntry unclaimed() {
        return new PlanEntry(key, position, service, releaseId, null, startedAt, endedAt, compensation, compensatedAt);
    }

    public PlanEntry started(UUID release, Instant at) {
        return new PlanEntry(key, position, service, release, claimedAt == null ? at : claimedAt, at, endedAt, compensation, compensatedAt);
    }

    public PlanEntry ended(Instant at) {
        return new PlanEntry(key, position, service, releaseId, claimedAt, startedAt, at, compensation, compensatedAt);
    }

    public PlanEntry compensation(String value, Instant at) {
        return new PlanEntry(key, position, service, releaseId, claimedAt, startedAt, endedAt, value, at);
    }

    /** Claimed (the controller decided to start it), whether or not its release exists yet. */
    public boolean claimed() {
        return claimedAt != null || releaseId != null;
    }

    /** Compensation is over for this entry, one way or the other. */
    public boolean compensationSettled() {
        return VERIFIED.equals(compensation) || NOT_NEEDED.equals(compensation) || FAILED.equals(compensation);
    }
}
