package io.tollgate.override;

import java.util.Objects;
import java.util.UUID;

/**
 * Which checks an override matches: a service in an environment, optionally only one version, or only the checks of
 * one release Tollgate drives (then service and environment are the release's).
 */
public record OverrideScope(String service, String environment, String version, UUID releaseId) {
    public OverrideScope {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(environment, "environment");
    }

    /** Whether a check of {@code version} (and, for a release's own checks, {@code releaseId}) is in scope. */
    public boolean matches(String service, String environment, String version, UUID releaseId) {
        return this.service.equals(service) && this.environment.equals(environment)
                && (this.version == null || this.version.equals(version))
                && (this.releaseId == null || this.releaseId.equals(releaseId));
    }
}
