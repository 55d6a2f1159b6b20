package io.tollgate.override;

import java.time.Instant;

/**
 * A stored override.
 *
 * @param revokedAt null while not revoked
 */
public record GateOverride(String id, NewOverride spec, String createdBy, Instant createdAt, Instant revokedAt,
                       String revokedBy, String revokeReason) {

    /** In force at {@code now}: not revoked and not expired. */
    public boolean activeAt(Instant now) {
        return revokedAt == null && (spec.expiresAt() == null || now.isBefore(spec.expiresAt()));
    }

    public OverrideScope scope() {
        return spec.scope();
    }

    public OverrideEffect effect() {
        return spec.effect();
    }
}
