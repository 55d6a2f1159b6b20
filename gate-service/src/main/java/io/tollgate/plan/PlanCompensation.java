package io.tollgate.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.json.Json;
import io.tollgate.release.Release;
import io.tollgate.release.ReleaseService;
import io.tollgate.release.ReleaseService.Control;
import io.tollgate.release.ReleaseState;
import io.tollgate.release.ReleaseStore.NewEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The saga's compensation, one release at a time in reverse dependency order (dependents first): each started release
 * is rolled back through the release engine (traffic to stable, flag off, both read back) and the next one is asked only
 * once that reset is verified. The request is recorded ({@code requested}) before the release is asked, and a release is
 * asked again only while it has not rolled back, so a release is never rolled back twice; a reset that fails ends the plan
 * {@code failed} at once, leaving what it depends on in place.
 */
final class PlanCompensation {
    private final PlanController controller;
    private final ReleaseService releases;

    PlanCompensation(PlanController controller, ReleaseService releases) {
        this.controller = controller;
        this.releases = releases;
    }

    PlanController.Step step(Plan p, Map<String, Release> rel) {
        var order = PlanGraph.of(p.spec()).compensationOrder();
        var undone = new ArrayList<String>();
        for (String key : order) {
            var entry = p.entry(key);
            Release r = rel.get(key);
            if (r == null || PlanEntry.NOT_NEEDED.equals(entry.compensation())) {
                continue; // never started: nothing to undo
            }
            if (PlanEntry.VERIFIED.equals(entry.compensation())) {
                undone.add(key);
                continue;
            }
            boolean reset = (r.state() == ReleaseState.ROLLED_BACK || r.state() == ReleaseState.ABORTED) && !r.resetPending();
            if (r.state() == ReleaseState.FAILED) {
                return failed(p, key, r);
            }
            if (reset) {
                boolean ours = PlanEntry.REQUESTED.equals(entry.compensation());
                p = mark(p, key, r, ours ? PlanEntry.VERIFIED : PlanEntry.NOT_NEEDED, ours ? "compensation_verified" : "compensation_not_needed");
                if (ours) {
                    undone.add(key);
                }
                continue;
            }
            if (r.state() == ReleaseState.ROLLED_BACK || r.state() == ReleaseState.ABORTED) {
                return later(p); // its reset is under way: verified before the next release is touched
            }
            if (entry.compensation() == null) {
                p = mark(p, key, r, PlanEntry.REQUESTED, "compensation_requested");
            }
            // Requested (now, or before a crash that lost the request): the release has not rolled back, so ask it.
            controller.request(p, r, Control.ROLLBACK);
            return later(p);
        }
        String how = undone.isEmpty() ? "nothing to roll back" : "rolled back in reverse dependency order: " + String.join(", ", undone);
        return new PlanController.Step(controller.move(p, new PlanEvent.Compensated(true), "compensated", how, PlanController.ACTOR,
                PlanController.details()), Optional.empty());
    }

    private PlanController.Step failed(Plan p, String key, Release r) {
        p = mark(p, key, r, PlanEntry.FAILED, "compensation_failed");
        String message = key + " (release " + r.id() + ") could not be reset and verified: " + r.reasonCode() + ": " + r.reasonMessage()
                + "; what it depends on was left in place";
        return new PlanController.Step(controller.move(p, new PlanEvent.Compensated(false), "compensation_failed", message,
                PlanController.ACTOR, PlanController.details().put("key", key).put("releaseId", r.id().toString())), Optional.empty());
    }

    private PlanController.Step later(Plan p) {
        return new PlanController.Step(p, Optional.of(controller.clock().instant().plus(controller.interval())));
    }

    private Plan mark(Plan p, String key, Release r, String value, String event) {
        Instant now = controller.clock().instant();
        var entry = p.entry(key);
        ObjectNode line = Json.mapper().createObjectNode().put("event", event).put("key", key).put("service", entry.service())
                .put("releaseId", r.id().toString()).put("releaseState", r.state().wire());
        if (PlanEntry.REQUESTED.equals(entry.compensation()) && entry.compensatedAt() != null) {
            line.put("tookMillis", Duration.between(entry.compensatedAt(), now).toMillis());
        }
        return controller.save(p.withEntry(entry.compensation(value, now)), List.of(new NewEntry("compensation", PlanController.ACTOR, line, false)));
    }
}
