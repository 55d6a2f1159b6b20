package io.tollgate.release;

import io.tollgate.audit.NewDecision;
import io.tollgate.json.Json;

/**
 * The history lines of a dry run: what each stage's gate answered and what a real run would have set, and what a
 * rollback or abort would have reset. Each says which adapter it names; none of them was called.
 */
final class DryRunLines {
    private DryRunLines() {
    }

    /** {@code dry_run_stage}: the gate's answer for {@code stage} and the values a real run would apply. */
    static ReleaseStore.NewEntry stage(Release r, ReleaseSpec.Stage stage, NewDecision d) {
        var line = Json.mapper().createObjectNode().put("event", "dry_run_stage").put("stage", stage.name())
                .put("decisionId", d.decisionId().toString()).put("outcome", d.outcome().wire())
                .put("wouldSetFlagPercent", stage.flagPercent()).put("wouldSetCanaryWeight", stage.trafficPercent())
                .put("flagAdapter", r.spec().flag().provider()).put("trafficAdapter", r.spec().traffic().provider())
                .put("expectedBakeMillis", stage.bakeMillis());
        line.set("reasons", Json.mapper().valueToTree(d.reasons()));
        return new ReleaseStore.NewEntry("gate", ReleaseController.ACTOR, line, true);
    }

    /** {@code dry_run_reset}: a dry run's rollback or abort, written by {@code actor} — the reset a real run would make, not made. */
    static ReleaseStore.NewEntry wouldReset(Release r, String actor) {
        var spec = r.spec();
        return new ReleaseStore.NewEntry("adapter", actor, Json.mapper().createObjectNode().put("event", "dry_run_reset")
                .put("stage", r.currentStage().name()).put("adapterCalled", false)
                .put("wouldSetCanaryWeight", 0).put("trafficAdapter", spec.traffic().provider()).put("route", spec.traffic().route())
                .put("wouldSetFlagPercent", 0).put("flagAdapter", spec.flag().provider()).put("feature", spec.flag().feature()), false);
    }
}
