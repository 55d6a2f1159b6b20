package io.tollgate.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.json.Json;
import io.tollgate.observability.Log;
import io.tollgate.release.HistoryEntry;
import io.tollgate.release.Release;
import io.tollgate.release.ReleaseService;
import io.tollgate.release.ReleaseState;
import io.tollgate.release.ReleaseStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/** What the HTTP layer asks of release plans: create, look at, and the release managers' controls. */
public final class PlanService {
    private static final Logger LOG = Logger.getLogger(PlanService.class.getName());

    private final PlanStore store;
    private final PlanAudit audit;
    private final PlanScheduler scheduler;
    private final PlanController controller;
    private final ReleaseService releases;
    private final Clock clock;

    public PlanService(PlanStore store, PlanAudit audit, PlanScheduler scheduler, PlanController controller, ReleaseService releases,
                       Clock clock) {
        this.store = store;
        this.audit = audit;
        this.scheduler = scheduler;
        this.controller = controller;
        this.releases = releases;
        this.clock = clock;
    }

    /** No plan has this id. */
    public static final class PlanNotFound extends RuntimeException {
        public PlanNotFound(String id) {
            super("no release plan " + id);
        }
    }

    /** The Idempotency-Key was used before with a different request body. */
    public static final class IdempotencyMismatch extends RuntimeException {
        public IdempotencyMismatch(String key, UUID id) {
            super("Idempotency-Key \"" + key + "\" was used for release plan " + id + " with a different request body");
        }
    }

    public record Created(Plan plan, boolean replayed) {
    }

    /** The control actions of release managers. */
    public enum Control {
        PAUSE, RESUME, ABORT, ROLLBACK;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A plan with each entry's release as it is now (absent while not started). */
    public record View(Plan plan, Map<String, Release> releases, List<HistoryEntry> history) {
    }

    /**
     * Creates a pending plan and wakes its first step.
     *
     * @throws ReleaseStore.ActiveReleaseExists a service of the plan has an active release in the environment
     * @throws IdempotencyMismatch              the key was used with another body
     */
    public Created create(PlanSpec spec, String actor, String idempotencyKey, String requestHash) {
        if (idempotencyKey != null) {
            var hit = store.byIdempotencyKey(actor, idempotencyKey);
            if (hit.isPresent()) {
                if (!hit.get().requestHash().equals(requestHash)) {
                    throw new IdempotencyMismatch(idempotencyKey, hit.get().plan().id());
                }
                return new Created(hit.get().plan(), true);
            }
        }
        for (var e : spec.releases()) {
            var active = releases.active(e.service(), spec.environment());
            if (active.isPresent()) {
                throw new ReleaseStore.ActiveReleaseExists(active.get());
            }
        }
        Instant now = clock.instant();
        var plan = Plan.pending(UUID.randomUUID(), spec, actor, now);
        ObjectNode line = Json.mapper().createObjectNode().put("event", "created").put("name", spec.name())
                .put("environment", spec.environment()).put("dryRun", spec.dryRun()).put("maxParallel", spec.maxParallel());
        line.set("startOrder", Json.mapper().valueToTree(PlanGraph.of(spec).startOrder()));
        line.set("watch", Json.mapper().valueToTree(spec.watchedServices()));
        line.set("spec", Json.mapper().valueToTree(spec));
        try {
            store.insert(plan, idempotencyKey, requestHash, List.of(new ReleaseStore.NewEntry("created", actor, line, false)), now);
        } catch (org.jooq.exception.DataAccessException e) {
            // Two requests with one key at once: the loser answers what the winner created.
            if (idempotencyKey != null && e.getMessage() != null && e.getMessage().contains("release_plans_idempotency")) {
                return create(spec, actor, idempotencyKey, requestHash);
            }
            throw e;
        }
        Log.info(LOG, "release plan created", Map.of("planId", plan.id(), "name", spec.name(), "environment", spec.environment(),
                "releases", spec.releases().size(), "actor", actor));
        audit.flush(plan.id());
        scheduler.wake(plan.id());
        return new Created(plan, false);
    }

    public Plan get(String id) {
        return find(id).orElseThrow(() -> new PlanNotFound(id));
    }

    public View view(String id) {
        var p = get(id);
        return new View(p, controller.releasesOf(p), store.history(p.id()));
    }

    public View summary(Plan p) {
        return new View(p, controller.releasesOf(p), List.of());
    }

    public List<Plan> list(PlanState state, int limit) {
        return store.list(state, limit);
    }

    /**
     * Applies a control action for {@code actor} with a required {@code reason}. Resume first resumes the plan's halted
     * releases (each re-gates its current stage), so the running plan does not take them for a new failure.
     *
     * @throws PlanNotFound                                unknown id
     * @throws PlanTransitions.IllegalPlanTransition the current state does not allow it (409 naming the state)
     */
    public Plan control(String id, Control control, String reason, String actor) {
        for (int attempt = 0; ; attempt++) {
            var p = get(id);
            PlanEvent event = switch (control) {
                case PAUSE -> new PlanEvent.Pause();
                case RESUME -> new PlanEvent.Resume();
                case ABORT -> new PlanEvent.Abort();
                case ROLLBACK -> new PlanEvent.Rollback();
            };
            PlanTransitions.next(p.state(), event); // refuse before touching any release
            if (control == Control.RESUME) {
                controller.releasesOf(p).values().stream().filter(r -> r.state() == ReleaseState.HALTED)
                        .forEach(r -> controller.request(p, r, ReleaseService.Control.RESUME));
            }
            try {
                var saved = controller.move(p, event, control.wire(), reason, actor, PlanController.details().put("actor", actor));
                audit.flush(p.id());
                scheduler.wake(p.id());
                return saved;
            } catch (PlanStore.StalePlanException e) {
                if (attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    private Optional<Plan> find(String id) {
        try {
            return store.find(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
