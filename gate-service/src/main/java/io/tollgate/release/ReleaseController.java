package io.tollgate.release;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.api.trace.Tracer;
import io.tollgate.auth.Principal;
import io.tollgate.audit.NewDecision;
import io.tollgate.auth.Role;
import io.tollgate.decision.Outcome;
import io.tollgate.decision.Reason;
import io.tollgate.gate.GateCheckRequest;
import io.tollgate.gate.GateService;
import io.tollgate.json.Json;
import io.tollgate.observability.Log;
import io.tollgate.release.ReleaseEvent.*;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * One step of a release, level-triggered: read the row, decide from the spec and the persisted status what
 * comes next, do it, persist. Called by the scheduler with the release exclusively picked; safe to repeat
 * (a replayed step re-applies absolute values and is counted in {@code apply_count}).
 */
public final class ReleaseController {
    static final String ACTOR = "tollgate";
    private static final Logger LOG = Logger.getLogger(ReleaseController.class.getName());
    private static final int MAX_STEPS_PER_RUN = 20;

    private final ReleaseStore store;
    private final ReleaseAudit audit;
    private final GateService gates;
    private final StageRunner stages;
    private final ReleaseConfig config;
    private final ReleaseMetrics metrics;
    private final Tracer tracer;
    private final Clock clock;

    public ReleaseController(ReleaseStore store, ReleaseAudit audit, GateService gates, StageRunner stages,
                             ReleaseConfig config, ReleaseMetrics metrics, Tracer tracer, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.gates = gates;
        this.stages = stages;
        this.config = config;
        this.metrics = metrics;
        this.tracer = tracer;
        this.clock = clock;
    }

    /** Runs steps until the release waits (answers when to run again) or needs none (empty). */
    public Optional<Instant> run(UUID id) {
        for (int i = 0; i < MAX_STEPS_PER_RUN; i++) {
            var span = tracer.spanBuilder("release.step").setAttribute("tollgate.release_id", id.toString()).startSpan();
            Optional<Instant> next;
            try (var scope = span.makeCurrent()) {
                audit.flush(id); // earlier lines reach the audit log before anything new happens
                next = step(id);
                audit.flush(id);
            } catch (ReleaseStore.StaleReleaseException e) {
                next = Optional.of(clock.instant()); // another writer came first: read again
            } finally {
                span.end();
            }
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
        Release r = found.get();
        Instant now = clock.instant();
        return switch (r.state()) {
            case PENDING -> again(move(r, new Start(), r.draft(), Json.mapper().createObjectNode(), List.of()));
            case GATING -> r.spec().dryRun() ? dryRun(r, now) : gate(r, now);
            case APPLYING -> again(stages.apply(r, this));
            case BAKING -> stages.bake(r, this);
            // A dry run's reset (a row written before dry runs skipped it) is recorded, never carried out.
            case ROLLED_BACK, ABORTED -> !r.resetPending() ? Optional.empty()
                    : again(r.spec().dryRun() ? dryReset(r) : stages.reset(r, this));
            case HALTED, PROMOTED, FAILED -> Optional.empty();
        };
    }

    private Optional<Instant> again(Release r) {
        return r.state().terminal() && !r.resetPending() || r.state() == ReleaseState.HALTED ? Optional.empty() : Optional.of(clock.instant());
    }

    private Optional<Instant> gate(Release r, Instant now) {
        var stage = r.currentStage();
        var decision = gates.checkRelease(request(r, stage.name(), false), principal(r), analysisInput(r));
        var d = decision.decision().decision();
        ObjectNode gateLine = Json.mapper().createObjectNode()
                .put("event", "gate").put("stage", stage.name()).put("decisionId", d.decisionId().toString())
                .put("outcome", d.outcome().wire()).put("onRegression", decision.onRegression());
        gateLine.set("reasons", Json.mapper().valueToTree(d.reasons()));
        var lines = new ArrayList<>(List.of(new ReleaseStore.NewEntry("gate", ACTOR, gateLine, true)));
        var draft = r.draft();
        if (d.outcome() != Outcome.ALLOW) {
            return blocked(r, now, stage.name(), d, draft, lines, "");
        }
        draft.gatingSince = null;
        draft.onRegression = decision.onRegression();
        return again(move(r, new GateAllowed(), draft, detail("decisionId", d.decisionId().toString()), lines));
    }

    /**
     * The gate of {@code stage} did not allow, in a real run or a dry run (whose reasons start with {@code prefix}): a deny
     * halts ({@code gate_denied}); a hold is asked again with growing waits and halts once held for the gate timeout.
     */
    private Optional<Instant> blocked(Release r, Instant now, String stage, NewDecision d, Release.Draft draft,
                                      List<ReleaseStore.NewEntry> lines, String prefix) {
        var decisionId = detail("decisionId", d.decisionId().toString());
        if (d.outcome() == Outcome.DENY) {
            draft.reason("gate_denied", prefix + "gate denied " + stage + ": " + reasons(d.reasons()));
            return again(move(r, new GateDenied(), draft, decisionId, lines));
        }
        Instant since = r.gatingSince() == null ? now : r.gatingSince();
        Duration held = Duration.between(since, now);
        if (held.compareTo(config.gateTimeout()) >= 0) {
            draft.reason("gate_timeout", prefix + "gate held " + stage + " for " + held.toMillis() + " ms (timeout "
                    + config.gateTimeout().toMillis() + " ms): " + reasons(d.reasons()));
            return again(move(r, new GateTimedOut(), draft, decisionId, lines));
        }
        draft.gatingSince = since;
        draft.reason("gate_held", prefix + reasons(d.reasons()));
        store.save(draft.build(), lines, now);
        // Exponential in effect: each wait is half the time held so far, at least gateRetry, at most timeout/4.
        Duration wait = held.dividedBy(2).compareTo(config.gateRetry()) > 0 ? held.dividedBy(2) : config.gateRetry();
        Duration cap = config.gateTimeout().dividedBy(4);
        return Optional.of(now.plus(wait.compareTo(cap) > 0 ? cap : wait));
    }

    /**
     * A dry run: the gate check of every stage with the server's context and the adapter calls it would make; no adapter
     * call. It ends as a real run would: promoted when every stage allows, else as the first stage that does not allow
     * would have ended it (a deny halts; a hold is asked again until the gate timeout), with that gate's reasons.
     */
    private Optional<Instant> dryRun(Release r, Instant now) {
        var lines = new ArrayList<ReleaseStore.NewEntry>();
        String previous = null;
        String blockedAt = null;
        NewDecision blocking = null;
        for (var stage : r.spec().stages()) {
            var d = gates.checkRelease(request(r, stage.name(), true, previous), principal(r), null).decision().decision();
            lines.add(DryRunLines.stage(r, stage, d));
            if (blocking == null && d.outcome() != Outcome.ALLOW) {
                blocking = d;
                blockedAt = stage.name();
            }
            previous = stage.name();
        }
        if (blocking != null) {
            // Every stage is still checked (the whole plan in one look); the first that does not allow decides the end.
            return blocked(r, now, blockedAt, blocking, r.draft(), lines, "dry run: ");
        }
        var draft = r.draft().reason("dry_run_complete", "dry run walked " + r.spec().stages().size() + " stages; no adapter was called");
        draft.gatingSince = null;
        return again(move(r, new DryRunComplete(), draft, Json.mapper().createObjectNode(), lines));
    }

    /**
     * Applies {@code event} through {@link Transitions}, saves the draft with a transition line (plus {@code lines}),
     * and returns the row as stored. Used by the step and by {@link StageRunner}.
     */
    Release move(Release r, ReleaseEvent event, Release.Draft draft, ObjectNode details, List<ReleaseStore.NewEntry> lines) {
        return move(r, event, draft, ACTOR, details, lines);
    }

    /**
     * As above for {@code actor} (a release manager's control action). @throws Transitions.IllegalTransition when the
     * state does not accept the event; @throws ReleaseStore.StaleReleaseException when another write came first
     */
    Release move(Release r, ReleaseEvent event, Release.Draft draft, String actor, ObjectNode details,
                 List<ReleaseStore.NewEntry> lines) {
        return move(r, event, draft, actor, details, lines, List.of());
    }

    /** As above, with the analysis looks that belong to the same write. */
    Release move(Release r, ReleaseEvent event, Release.Draft draft, String actor, ObjectNode details,
                 List<ReleaseStore.NewEntry> lines, List<ReleaseStore.AnalysisLook> looks) {
        var t = Transitions.transition(r.state(), event);
        Instant now = clock.instant();
        if (t.actions().contains(Transitions.Action.ADVANCE_STAGE)) {
            draft.stageIndex = r.stageIndex() + 1;
            draft.bakeStartedAt = null;
            draft.bakeUntil = null;
            draft.gatingSince = null;
        }
        var all = new ArrayList<>(lines);
        if (t.actions().contains(Transitions.Action.RESET_ADAPTERS)) {
            if (r.spec().dryRun()) {
                // Dry runs stay dry: what a reset would do is recorded with the control, and no adapter is called.
                all.add(DryRunLines.wouldReset(r, actor));
                draft.desiredFlag = 0;
                draft.desiredWeight = 0;
            } else {
                draft.resetPending = true;
            }
        }
        draft.moveTo(t.next(), now);
        all.add(new ReleaseStore.NewEntry("transition", actor, transitionLine(r, draft, event, details), false));
        var saved = store.save(draft.build(), all, looks, now);
        if (r.state() == ReleaseState.BAKING && t.next() != ReleaseState.BAKING) {
            stages.leftBake(r);
        }
        metrics.transition(r.state(), t.next());
        if (t.next() == ReleaseState.ROLLED_BACK && r.state() != ReleaseState.ROLLED_BACK && !r.spec().dryRun()) {
            metrics.rollback(r.spec().service(), draft.reasonCode == null ? event.name() : draft.reasonCode);
        }
        Log.info(LOG, "release transition", Map.of("releaseId", r.id(), "from", r.state().wire(), "to", t.next().wire(),
                "event", event.name(), "stage", saved.currentStage().name(), "reason", String.valueOf(draft.reasonCode),
                "actor", actor));
        return saved;
    }

    /** Finishes a dry run's pending reset without calling an adapter. */
    private Release dryReset(Release r) {
        var d = r.draft();
        d.resetPending = false;
        d.desiredFlag = 0;
        d.desiredWeight = 0;
        return move(r, new ResetDone(true), d, Json.mapper().createObjectNode(), List.of(DryRunLines.wouldReset(r, ACTOR)));
    }

    static ObjectNode transitionLine(Release r, Release.Draft d, ReleaseEvent event, ObjectNode details) {
        ObjectNode line = Json.mapper().createObjectNode().put("event", event.name()).put("from", r.state().wire())
                .put("to", d.state.wire()).put("stage", r.currentStage().name())
                .put("reasonCode", d.reasonCode).put("reason", d.reasonMessage)
                .put("desiredFlagPercent", d.desiredFlag).put("desiredCanaryWeight", d.desiredWeight);
        if (d.stageIndex != r.stageIndex()) {
            line.put("nextStage", r.spec().stage(d.stageIndex).name());
        }
        line.setAll(details);
        return line;
    }

    static ObjectNode detail(String key, String value) {
        return Json.mapper().createObjectNode().put(key, value);
    }

    /**
     * {@code input.analysis} of the release's gate checks: the result of the bake that ended last (the stage just baked),
     * or null when the release has no analysis or no bake ended yet.
     */
    static ObjectNode analysisInput(Release r) {
        var last = r.spec().analysis() == null ? null : r.analysis().last();
        return last == null ? null : last.policyInput();
    }

    /** The analysis with the running bake ended by {@code actor}'s promote, or null when none runs. */
    ReleaseAnalysis promoted(Release r, String actor) {
        return stages.promoted(r, actor, clock.instant());
    }

    ReleaseStore store() {
        return store;
    }

    Clock clock() {
        return clock;
    }

    ReleaseConfig config() {
        return config;
    }

    private GateCheckRequest request(Release r, String stage, boolean dryRun) {
        String previous = r.appliedStage() >= 0 ? r.spec().stage(r.appliedStage()).name() : null;
        return request(r, stage, dryRun, previous);
    }

    private static GateCheckRequest request(Release r, String stage, boolean dryRun, String previous) {
        var c = r.spec().change();
        return new GateCheckRequest(r.spec().service(), r.spec().version(), r.spec().environment(), stage, previous,
                new GateCheckRequest.Change(c.commit(), c.pipeline(), c.author(), c.approvals(), c.labels(), c.committedAt()), dryRun);
    }

    private static Principal principal(Release r) {
        return new Principal("tollgate/release/" + r.id(), Role.CI);
    }

    private static String reasons(List<Reason> reasons) {
        return reasons.stream().map(x -> x.code() + ": " + x.message()).collect(Collectors.joining("; "));
    }
}
