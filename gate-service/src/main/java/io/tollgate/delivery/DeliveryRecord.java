package io.tollgate.delivery;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What the delivery metrics need to know about one release (dry runs never become records): when its change was
 * committed, whether it is rework, and the moments of its history that matter. A future source (release plans) adds
 * records of the same shape; the calculator does not care where they came from.
 *
 * @param committedAt    the change's commit time, or null when the release did not give one
 * @param emergency      labelled {@code emergency} or {@code hotfix}: unplanned work
 * @param firstAppliedAt when its first stage took traffic, or null when no stage was ever applied
 * @param promotedAt     when it was promoted, or null
 * @param rolledBackAt   when it was rolled back (during the rollout or after promotion), or null
 * @param restoredAt     when the rollback was verified (flag off and traffic on stable, read back), or null
 */
public record DeliveryRecord(UUID releaseId, String service, String environment, Instant createdAt, Instant committedAt,
                             boolean emergency, Instant firstAppliedAt, Instant promotedAt, Instant rolledBackAt,
                             Instant restoredAt) {

    public DeliveryRecord {
        Objects.requireNonNull(releaseId, "releaseId");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Reached production: promoted, or rolled back after at least one stage took traffic. */
    public boolean deployment() {
        return promotedAt != null || rolledBackAt != null && firstAppliedAt != null;
    }

    /** When it counts as a deployment: its promotion, or else its rollback; null when it is none. */
    public Instant deployedAt() {
        if (!deployment()) {
            return null;
        }
        return promotedAt != null ? promotedAt : rolledBackAt;
    }

    /** When the change started serving users: its promotion, or else its first applied stage. */
    public Instant liveSince() {
        return promotedAt != null ? promotedAt : firstAppliedAt;
    }
}
