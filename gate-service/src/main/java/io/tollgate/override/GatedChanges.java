package io.tollgate.override;

import io.tollgate.audit.DecisionLog;
import io.tollgate.audit.DecisionQuery;
import io.tollgate.audit.DecisionRecord;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Who wrote the changes an override is gating, for the revocation policy ({@code input.changes}): revoking a freeze
 * lets them through, so their authors may not revoke it. The changes are the release in the override's scope (or the
 * release active in its service and environment) and the checks the override held: the most recent
 * {@value #MAX_DECISIONS} decisions of its service since it was created whose reasons name it.
 */
public final class GatedChanges {
    static final int MAX_DECISIONS = DecisionQuery.MAX_LIMIT;

    private final ReleaseFacts.Lookup releases;
    private final BiFunction<String, String, Optional<ReleaseFacts>> activeRelease;
    private final DecisionLog decisions;

    /**
     * @param activeRelease the release active in a service and environment, if any
     * @param decisions     where the checks the override held are recorded
     */
    public GatedChanges(ReleaseFacts.Lookup releases, BiFunction<String, String, Optional<ReleaseFacts>> activeRelease,
                        DecisionLog decisions) {
        this.releases = releases;
        this.activeRelease = activeRelease;
        this.decisions = decisions;
    }

    /** Lets tests and tools without a database run with no gated changes. */
    public static GatedChanges none() {
        return new GatedChanges(id -> Optional.empty(), (s, e) -> Optional.empty(), null);
    }

    /** The authors, as recorded, each once; release first. */
    public List<String> authors(GateOverride override) {
        var authors = new LinkedHashSet<String>();
        var scope = override.scope();
        var release = scope.releaseId() != null ? releases.find(scope.releaseId())
                : activeRelease.apply(scope.service(), scope.environment());
        release.map(ReleaseFacts::author).ifPresent(authors::add);
        if (decisions != null) {
            var page = decisions.list(new DecisionQuery(scope.service(), null, override.createdAt(), MAX_DECISIONS, null));
            for (DecisionRecord r : page.items()) {
                if (heldBy(r, override)) {
                    var author = r.decision().policyInput().path("change").path("author");
                    if (author.isTextual()) {
                        authors.add(author.textValue());
                    }
                }
            }
        }
        return List.copyOf(authors);
    }

    /** The decision is in the override's environment and one of its reasons names the override ("... override ov_x of ..."). */
    private static boolean heldBy(DecisionRecord r, GateOverride override) {
        return r.decision().environment().equals(override.scope().environment())
                && r.decision().policyInput() != null
                && r.decision().reasons().stream().anyMatch(reason -> reason.message().contains("override " + override.id() + " "));
    }
}
