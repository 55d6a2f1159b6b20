package io.tollgate.release;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.json.Json;
import io.tollgate.observability.Log;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/** What the HTTP layer asks of releases: create, look at, and the release managers' control actions. */
public final class ReleaseService {
    private static final Logger LOG = Logger.getLogger(ReleaseService.class.getName());

    private final ReleaseStore store;
    private final ReleaseAudit audit;
    private final ReleaseScheduler scheduler;
    private final ReleaseController controller;
    private final Clock clock;

    public ReleaseService(ReleaseStore store, ReleaseAudit audit, ReleaseScheduler scheduler, ReleaseController controller, Clock clock) {
        this.store = store;
        this.controller = controller;
        this.audit = audit;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** No release has this id. */
    public static final class ReleaseNotFound extends RuntimeException {
        public ReleaseNotFound(String id) {
            super("no release " + id);
        }
    }

    /** The Idempotency-Key was used before with a different request body. */
    public static final class IdempotencyMismatch extends RuntimeException {
        public IdempotencyMismatch(String key, UUID id) {
            super("Idempotency-Key \"" + key + "\" was used for release " + id + " with a different request body");
        }
    }

    /** @param replayed true when an earlier request with the same Idempotency-Key created it */
    public record Created(Release release, boolean replayed) {
    }

    /** The control actions of release managers. */
    public enum Control {
        PAUSE, RESUME, PROMOTE, ABORT, ROLLBACK;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Creates a pending release and wakes its first step.
     *
     * @throws ReleaseStore.ActiveReleaseExists another release of the service and environment is active
     * @throws IdempotencyMismatch              the key was used with another body
     */
    public Created create(ReleaseSpec spec, String actor, String idempotencyKey, String requestHash) {
        if (idempotencyKey != null) {
            var hit = store.byIdempotencyKey(actor, idempotencyKey);
            if (hit.isPresent()) {
                if (!hit.get().requestHash().equals(requestHash)) {
                    throw new IdempotencyMismatch(idempotencyKey, hit.get().release().id());
                }
                return new Created(hit.get().release(), true);
            }
        }
        Instant now = clock.instant();
        var release = Release.pending(UUID.randomUUID(), spec, actor, now);
        ObjectNode line = Json.mapper().createObjectNode().put("event", "created").put("service", spec.service())
                .put("version", spec.version()).put("environment", spec.environment()).put("dryRun", spec.dryRun())
                .put("strategy", spec.strategyName());
        line.set("spec", Json.mapper().valueToTree(spec));
        try {
            store.insert(release, idempotencyKey, requestHash, List.of(new ReleaseStore.NewEntry("created", actor, line, false)), now);
        } catch (org.jooq.exception.DataAccessException e) {
            // Two requests with one key at once: the loser answers what the winner created.
            if (idempotencyKey != null && e.getMessage() != null && e.getMessage().contains("releases_idempotency")) {
                return create(spec, actor, idempotencyKey, requestHash);
            }
            throw e;
        }
        Log.info(LOG, "release created", Map.of("releaseId", release.id(), "service", spec.service(),
                "environment", spec.environment(), "version", spec.version(), "actor", actor));
        audit.flush(release.id());
        scheduler.wake(release.id());
        return new Created(release, false);
    }

    public Release get(String id) {
        return find(id).orElseThrow(() -> new ReleaseNotFound(id));
    }

    public List<HistoryEntry> history(UUID id) {
        return store.history(id);
    }

    /** Every canary analysis look of the release, by bake and look. */
    public List<ReleaseStore.AnalysisLook> analysisLooks(UUID id) {
        return store.analysisLooks(id);
    }

    /** The release {@code actor} created with this Idempotency-Key, if any (a plan adopting the release of an entry). */
    public Optional<Release> createdWith(String actor, String idempotencyKey) {
        return store.byIdempotencyKey(actor, idempotencyKey).map(ReleaseStore.IdempotentHit::release);
    }

    /** The active (non-final) release of {@code service} in {@code environment}, if any. */
    public Optional<Release> active(String service, String environment) {
        return store.active(service, environment);
    }

    public List<Release> list(String service, ReleaseState state, int limit) {
        return store.list(service, state, limit);
    }

    /**
     * Applies a control action for {@code actor} with a required {@code reason}, recorded with both.
     *
     * @throws ReleaseNotFound               unknown id
     * @throws Transitions.IllegalTransition the current state does not allow it (409 naming the state)
     */
    public Release control(String id, Control control, String reason, String actor) {
        for (int attempt = 0; ; attempt++) {
            var r = get(id);
            ReleaseEvent event = switch (control) {
                case PAUSE -> new ReleaseEvent.Pause();
                case RESUME -> new ReleaseEvent.Resume();
                case PROMOTE -> new ReleaseEvent.Promote(r.spec().isLast(r.stageIndex()));
                case ABORT -> new ReleaseEvent.Abort();
                case ROLLBACK -> new ReleaseEvent.Rollback();
            };
            var t = Transitions.transition(r.state(), event);
            var d = r.draft().reason(control.wire(), reason);
            d.gatingSince = null;
            if (control == Control.PROMOTE) {
                // A human's judgement ends the bake's analysis: the next gate sees its result as promoted by them.
                var promoted = controller.promoted(r, actor);
                d.analysis = promoted == null ? d.analysis : promoted;
            }
            try {
                var saved = controller.move(r, event, d, actor, Json.mapper().createObjectNode().put("actor", actor), List.of());
                audit.flush(r.id());
                if (!t.actions().contains(Transitions.Action.STOP)) {
                    scheduler.wake(r.id());
                }
                return saved;
            } catch (ReleaseStore.StaleReleaseException e) {
                if (attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    private Optional<Release> find(String id) {
        try {
            return store.find(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
