package io.tollgate.override;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A validated request for an override.
 *
 * @param suppress  reason codes an {@code allow} may override (empty for the other effects)
 * @param expiresAt when it ends; null only for a freeze (until revoked)
 */
public record NewOverride(OverrideScope scope, OverrideEffect effect, List<String> suppress, String reason, String ticket,
                          List<String> labels, Instant expiresAt) {
    public NewOverride {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(reason, "reason");
        suppress = List.copyOf(suppress);
        labels = List.copyOf(labels);
    }
}
