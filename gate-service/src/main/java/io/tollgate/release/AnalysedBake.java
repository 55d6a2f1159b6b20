package io.tollgate.release;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.json.Json;
import io.tollgate.release.ReleaseEvent.BakeComplete;
import io.tollgate.release.ReleaseEvent.Regression;
import java.time.Instant;
import java.util.Optional;

/**
 * What a bake with canary analysis does with the analysis' answer (after drift, gross failure and SLO burn found
 * nothing): a failure takes the regression path the policy chose (rollback or halt, reason {@code analysis_failed} with
 * the explanation sentence), the end of the bake moves on to the next stage's gate (which sees the result), an
 * extension moves the bake's end, and anything else is saved with its looks and the bake goes on.
 */
final class AnalysedBake {
    private AnalysedBake() {
    }

    static Optional<Instant> act(Release r, Release.Draft d, ReleaseController c, BakeAnalysis.Outcome outcome) {
        d.analysis = outcome.state();
        Instant now = c.clock().instant();
        switch (outcome) {
            case BakeAnalysis.Failed f -> {
                boolean rollback = "rollback".equals(r.onRegression());
                d.reason("analysis_failed", f.result().explanation());
                var next = c.move(r, new Regression(rollback), d, ReleaseController.ACTOR, details(f.state()), f.lines(), f.looks());
                return rollback ? Optional.of(c.clock().instant()) : Optional.empty();
            }
            case BakeAnalysis.Ended e -> {
                d.reason(null, null);
                var details = details(e.state()).put("bakedMillis", java.time.Duration.between(r.bakeStartedAt(), now).toMillis());
                var next = c.move(r, new BakeComplete(r.spec().isLast(r.stageIndex())), d, ReleaseController.ACTOR, details,
                        e.lines(), e.looks());
                return next.state() == ReleaseState.PROMOTED ? Optional.empty() : Optional.of(c.clock().instant());
            }
            case BakeAnalysis.Extended x -> {
                d.bakeUntil = x.until();
                var saved = c.store().save(d.build(), x.lines(), x.looks(), now);
                return StageRunner.nextLook(saved, c);
            }
            case BakeAnalysis.Continue k -> {
                Release current = r;
                if (!k.state().equals(r.analysis()) || !k.lines().isEmpty() || !java.util.Objects.equals(d.observedFlag, r.observedFlag())
                        || !java.util.Objects.equals(d.observedWeight, r.observedWeight())) {
                    current = c.store().save(d.build(), k.lines(), k.looks(), now);
                }
                Instant look = StageRunner.nextLook(current, c).orElseThrow();
                return Optional.of(k.nextLookAt().isBefore(look) ? k.nextLookAt() : look);
            }
        }
    }

    /** The concluded result for the transition line: verdict and explanation. */
    private static ObjectNode details(ReleaseAnalysis state) {
        var last = state.last();
        var node = Json.mapper().createObjectNode();
        if (last != null) {
            node.put("analysisVerdict", last.verdict()).put("analysisExplanation", last.explanation());
        }
        return node;
    }
}
