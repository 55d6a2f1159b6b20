package io.tollgate.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * DORA's five metrics of one service in one environment over {@code [from, to)}. A ratio or a time is null when there is
 * nothing to compute it from (no deployment, no failure): "no data", never a made-up zero.
 */
public record DeliveryMetrics(String service, String environment, Instant from, Instant to, Frequency frequency,
                              LeadTime leadTime, FailRate failRate, Recovery recovery, Rework rework) {

    /** Releases promoted in the window, and per day. */
    public record Frequency(int deployments, double perDay) {
    }

    /**
     * Commit to promotion of the releases promoted in the window that gave {@code change.committedAt}.
     *
     * @param withoutCommittedAt promoted releases left out: no commit time, or one after their promotion
     */
    public record LeadTime(int releases, Duration median, Duration p90, List<UUID> withoutCommittedAt) {
        public LeadTime {
            withoutCommittedAt = List.copyOf(withoutCommittedAt);
        }
    }

    /** Deployments in the window (promoted, or rolled back after taking traffic) and those that failed. */
    public record FailRate(int deployments, int failed, Double ratio, List<Failure> failures) {
        public FailRate {
            failures = List.copyOf(failures);
        }
    }

    /** Why a deployment counts as failed. */
    public enum Cause {
        /** It was rolled back, during its rollout or after promotion. */
        ROLLED_BACK,
        /** The next release of the service and environment was an emergency or hotfix within the follow-up window. */
        EMERGENCY_FOLLOW_UP;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One failed deployment.
     *
     * @param followedBy  the emergency release that followed it, or null
     * @param recoveredAt its verified rollback or the next promotion of the service, or null while unrecovered
     */
    public record Failure(UUID releaseId, Cause cause, UUID followedBy, Instant liveSince, Instant recoveredAt) {
        /** Null while unrecovered. */
        public Duration recoveryTime() {
            return recoveredAt == null ? null : Duration.between(liveSince, recoveredAt);
        }
    }

    /** Failure (the failed change went live) to recovery, over the failures of the window that recovered. */
    public record Recovery(int failures, int recovered, Duration median, Duration p90, List<UUID> unrecovered) {
        public Recovery {
            unrecovered = List.copyOf(unrecovered);
        }
    }

    /** Promoted emergency or hotfix releases among the releases promoted in the window. */
    public record Rework(int deployments, int rework, Double ratio) {
    }
}
