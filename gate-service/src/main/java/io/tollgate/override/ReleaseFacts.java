package io.tollgate.override;

import java.util.Optional;
import java.util.UUID;

/** What an override scoped to a release needs to know about it: where it runs and whose change it is. */
public record ReleaseFacts(String service, String environment, String version, String author) {

    /** Finds a release's facts; empty when there is no such release. */
    @FunctionalInterface
    public interface Lookup {
        Optional<ReleaseFacts> find(UUID releaseId);
    }
}
