package io.tollgate.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.json.Json;
import io.tollgate.observability.Log;
import io.tollgate.release.FastBurn;
import io.tollgate.release.Release;
import io.tollgate.release.ReleaseService;
import io.tollgate.release.ReleaseService.Control;
import io.tollgate.release.ReleaseState;
import io.tollgate.release.ReleaseStore;
import io.tollgate.release.ReleaseStore.NewEntry;
import io.tollgate.release.Transitions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * One step of a plan, level-triggered: read the plan and its releases, decide from them what comes next, do it through
 * {@link ReleaseService} (never around a release's own gates, bakes and analysis), persist. Run by the scheduler with the
 * plan exclusively picked; every write is guarded by the plan's version, so a control action or another instance racing
 * makes it re-read and decide again. Safe to repeat: an entry's release is created with an Idempotency-Key of its own,
 * and a compensation is requested only of a release that has not rolled back yet.
 */
public final class PlanController {
    static final String ACTOR = "tollgate";
    private static final Logger LOG = Logger.getLogger(PlanController.class.getName());
    private static final int MAX_STEPS_PER_RUN = 20;
    private static final java.util.Set<ReleaseState> PAUSABLE = java.util.EnumSet.of(ReleaseState.PENDING, ReleaseState.GATING,
            ReleaseState.BAKING);

    private final PlanStore store;
    private final PlanAudit audit;
    private final ReleaseService releases;
    private final PlanPolicy policy;
    private final FastBurn burn;
    private final PlanMetrics metrics;
    private final Duration interval;
    private final Clock clock;
    private final PlanCompensation compensation;

    /** @param interval how often a plan looks at its releases and watched SLOs (the release engine's look interval) */
    public PlanController(PlanStore store, PlanAudit audit, ReleaseService releases, PlanPolicy policy, FastBurn burn,
                          PlanMetrics metrics, Duration interval, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.releases = releases;
        this.policy = policy;
        this.burn = burn;
        this.metrics = metrics;
        this.interval = interval;
        this.clock = clock;
        this.compensation = new PlanCompensation(this, releases);
    }

    /** What a step did: the plan as stored after it, and when to look again (empty: settled in this state). */
    record Step(Plan plan, Optional<Instant> next) {
    }

    /** Runs steps until the plan waits (answers when to run again) or is settled (empty). */
    public Optional<Instant> run(UUID id) {
        for (int i = 0; i < MAX_STEPS_PER_RUN; i++) {
            Optional<Instant> next;
            long started = System.nanoTime();
            try {
                audit.flush(id); // earlier lines reach the audit log before anything new happens
                next = step(id);
                audit.flush(id);
            } catch (PlanStore.StalePlanException | ReleaseStore.StaleReleaseException e) {
                next = Optional.of(clock.instant()); // another writer came first: read again
            }
            metrics.step((System.nanoTime() - started) / 1e9);
            if (next.isEmpty() || next.get().isAfter(clock.instant())) {
                return next;
            }
        }
        return Optional.of(clock.instant());
    }

    Optional<Instant> step(UUID id) {
        var found = store.find(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Plan p = adopt(found.get());
        var rel = releasesOf(p);
        p = recordEnds(p, rel);
        Step s = switch (p.state()) {
            case PENDING -> new Step(move(p, new PlanEvent.Start(), null, null, ACTOR, details()), Optional.of(clock.instant()));
            case RUNNING -> running(p, rel);
            case HALTED -> steer(p, rel, Control.PAUSE, PAUSABLE::contains);
            case ABORTED -> steer(p, rel, Control.ABORT, state -> !state.terminal());
            case ROLLING_BACK -> compensation.step(p, rel);
            case COMPLETED, ROLLED_BACK, FAILED -> new Step(p, Optional.empty());
        };
        if (s.next().isEmpty() && !s.plan().settled()) {
            store.save(s.plan().settledNow(), List.of(), clock.instant()); // stale: a control moved it; the loop reads again
        }
        return s.next();
    }

    private Step running(Plan p, Map<String, Release> rel) {
        var graph = PlanGraph.of(p.spec());
        if (!p.spec().dryRun()) {
            var failed = PlanProgress.failure(p.spec(), graph.startOrder(), rel, burn);
            if (failed.isPresent()) {
                return new Step(fail(p, failed.get()), Optional.of(clock.instant()));
            }
        }
        if (rel.size() == p.entries().size()) {
            boolean allPromoted = rel.values().stream().allMatch(r -> r.state() == ReleaseState.PROMOTED);
            if (allPromoted) {
                String how = p.spec().dryRun() ? "dry run: every gate of every release allowed; no adapter was called"
                        : "every release promoted, in dependency order";
                return new Step(move(p, new PlanEvent.Complete(), p.spec().dryRun() ? "dry_run_complete" : "completed", how, ACTOR,
                        details()), Optional.empty());
            }
            if (p.spec().dryRun() && rel.values().stream().allMatch(r -> r.state().terminal() || r.state() == ReleaseState.HALTED)) {
                var blocked = rel.entrySet().stream().filter(e -> e.getValue().state() != ReleaseState.PROMOTED)
                        .map(e -> e.getKey() + ": " + e.getValue().reasonCode() + ": " + e.getValue().reasonMessage()).toList();
                return new Step(move(p, new PlanEvent.DryRunBlocked(), "dry_run_blocked", String.join("; ", blocked), ACTOR, details()),
                        Optional.empty());
            }
        }
        long active = p.entries().stream().filter(e -> e.claimed() && (!rel.containsKey(e.key()) || PlanProgress.active(rel.get(e.key()))))
                .count();
        for (String key : graph.startOrder()) {
            var entry = p.entry(key);
            boolean unfinishedClaim = entry.claimedAt() != null && entry.releaseId() == null; // its create failed or died
            if (!unfinishedClaim && (active >= p.spec().maxParallel() || entry.claimed() || !PlanProgress.ready(p.spec().entry(key), rel))) {
                continue;
            }
            var started = start(p, key);
            if (started.isEmpty()) {
                return new Step(store.find(p.id()).orElseThrow(), Optional.of(clock.instant()));
            }
            p = started.get();
            active += unfinishedClaim ? 0 : 1; // an unfinished claim was counted as active already
        }
        return new Step(p, Optional.of(clock.instant().plus(interval)));
    }

    /**
     * Starts the release of {@code key}: the claim is written with the plan's version first (a pause or abort after it sees
     * the claim and adopts the release), then the release is created with the entry's own Idempotency-Key, then recorded.
     * Empty when the service has an active release of its own: the plan failed, recorded as such.
     */
    private Optional<Plan> start(Plan p, String key) {
        Instant now = clock.instant();
        if (p.entry(key).claimedAt() == null) {
            p = store.save(p.withEntry(p.entry(key).claimed(now)), List.of(), now);
        }
        ReleaseService.Created created;
        try {
            created = releases.create(p.spec().entry(key).release(), p.actor(), p.releaseKey(key), p.releaseKey(key));
        } catch (ReleaseStore.ActiveReleaseExists e) {
            var entry = p.spec().entry(key);
            fail(p.withEntry(p.entry(key).unclaimed()), new PlanProgress.Failure("release_active", key + " could not start: " + e.getMessage(),
                    key, entry.service()));
            return Optional.empty();
        }
        return Optional.of(recordStart(p, key, created.release(), created.replayed()));
    }

    private Plan recordStart(Plan p, String key, Release r, boolean replayed) {
        var e = p.spec().entry(key);
        ObjectNode line = Json.mapper().createObjectNode().put("event", "entry_started").put("key", key).put("service", e.service())
                .put("releaseId", r.id().toString()).put("startWhen", e.startWhen()).put("adopted", replayed);
        line.set("dependsOn", Json.mapper().valueToTree(e.dependsOn()));
        Log.info(LOG, "plan entry started", Map.of("planId", p.id(), "key", key, "releaseId", r.id()));
        return store.save(p.withEntry(p.entry(key).started(r.id(), clock.instant())), List.of(new NewEntry("entry", ACTOR, line, false)),
                clock.instant());
    }

    /**
     * Claimed entries without a recorded release: the release exists (the claim's step died after creating it) → recorded;
     * else, outside a running plan, the claim is dropped (the entry was never started).
     */
    private Plan adopt(Plan p) {
        for (var e : p.entries()) {
            if (e.claimedAt() != null && e.releaseId() == null) {
                var made = releases.createdWith(p.actor(), p.releaseKey(e.key()));
                if (made.isPresent()) {
                    p = recordStart(p, e.key(), made.get(), true);
                } else if (p.state() != PlanState.RUNNING) {
                    p = store.save(p.withEntry(e.unclaimed()), List.of(), clock.instant());
                }
            }
        }
        return p;
    }

    /** Entries whose release is final get their end time (once). */
    private Plan recordEnds(Plan p, Map<String, Release> rel) {
        Plan next = p;
        for (var e : p.entries()) {
            Release r = rel.get(e.key());
            if (r != null && e.endedAt() == null && r.state().terminal() && !r.resetPending()) {
                next = next.withEntry(e.ended(r.stateSince()));
            }
        }
        return next == p ? p : store.save(next, List.of(), clock.instant());
    }

    /** The failure is recorded with the policy's answer: halt (the releases are paused) or rollback (compensation). */
    private Plan fail(Plan p, PlanProgress.Failure f) {
        var answer = policy.onFailure(p);
        var d = details().put("onFailure", answer.wire()).put("policy", answer.detail()).put("service", f.service());
        if (f.key() != null) {
            d.put("key", f.key());
        }
        return move(p.withOnFailure(answer.wire()), new PlanEvent.Failure(answer.rollback()), f.code(),
                f.message() + "; on_failure=" + answer.wire(), ACTOR, d);
    }

    /**
     * A halted or aborted plan passes {@code control} on to each of its releases that can take it (pause: pending, gating,
     * baking; abort: any not final). A release applying a stage is asked on a later step, once it bakes.
     */
    private Step steer(Plan p, Map<String, Release> rel, Control control, java.util.function.Predicate<ReleaseState> takes) {
        boolean later = false;
        for (var r : rel.values()) {
            if (takes.test(r.state())) {
                request(p, r, control);
            } else if (control == Control.PAUSE && r.state() == ReleaseState.APPLYING) {
                later = true;
            }
        }
        return new Step(p, later ? Optional.of(clock.instant().plus(interval)) : Optional.empty());
    }

    /** Asks a release for {@code control} as the plan; a release that moved on meanwhile is seen on the next step. */
    void request(Plan p, Release r, Control control) {
        try {
            releases.control(r.id().toString(), control, "release plan " + p.spec().name() + " " + p.state().wire()
                    + (p.reasonCode() == null ? "" : ": " + p.reasonCode() + ": " + p.reasonMessage()), p.actor());
        } catch (Transitions.IllegalTransition e) {
            Log.info(LOG, "plan request refused by release", Map.of("planId", p.id(), "releaseId", r.id(), "control", control.wire(),
                    "state", e.state().wire()));
        }
    }

    /**
     * Moves the plan through {@link PlanTransitions} with a transition line, and returns it as stored. Used by the step and
     * by the control actions. @throws PlanTransitions.IllegalPlanTransition when the state does not accept the event;
     * @throws PlanStore.StalePlanException when another write came first
     */
    Plan move(Plan p, PlanEvent event, String code, String message, String actor, ObjectNode details) {
        var next = PlanTransitions.next(p.state(), event);
        Instant now = clock.instant();
        ObjectNode line = Json.mapper().createObjectNode().put("event", event.name()).put("from", p.state().wire())
                .put("to", next.wire()).put("reasonCode", code).put("reason", message);
        line.setAll(details);
        var saved = store.save(p.moved(next, code, message, now), List.of(new NewEntry("transition", actor, line, false)), now);
        if (next != p.state()) {
            metrics.outcome(next);
        }
        if (p.state() == PlanState.ROLLING_BACK && next != PlanState.ROLLING_BACK) {
            metrics.compensated(Duration.between(p.stateSince(), now).toMillis() / 1000.0);
        }
        Log.info(LOG, "plan transition", Map.of("planId", p.id(), "from", p.state().wire(), "to", next.wire(), "event", event.name(),
                "reason", String.valueOf(code), "actor", actor));
        return saved;
    }

    Plan save(Plan p, List<NewEntry> lines) {
        return store.save(p, lines, clock.instant());
    }

    Clock clock() {
        return clock;
    }

    Duration interval() {
        return interval;
    }

    Map<String, Release> releasesOf(Plan p) {
        var out = new HashMap<String, Release>();
        for (var e : p.entries()) {
            if (e.releaseId() != null) {
                out.put(e.key(), releases.get(e.releaseId().toString()));
            }
        }
        return out;
    }

    static ObjectNode details() {
        return Json.mapper().createObjectNode();
    }
}
