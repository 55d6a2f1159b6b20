package io.tollgate.plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A plan as persisted, with the engine's record of each release.
 *
 * @param onFailure  the policy's answer recorded when the plan failed ({@code halt} or {@code rollback}), else null
 * @param settled    the controller has nothing left to do in this state (the sweep re-arms plans that are not)
 * @param rowVersion optimistic lock of the plan and its entries: each write names the version it read
 */
public record Plan(UUID id, PlanSpec spec, PlanState state, String reasonCode, String reasonMessage, String onFailure,
                   boolean settled, Instant stateSince, String createdBy, Instant createdAt, long rowVersion, List<PlanEntry> entries) {

    public Plan {
        entries = List.copyOf(entries);
    }

    /** A new pending plan, nothing started. */
    public static Plan pending(UUID id, PlanSpec spec, String createdBy, Instant now) {
        var entries = new ArrayList<PlanEntry>();
        for (int i = 0; i < spec.releases().size(); i++) {
            entries.add(PlanEntry.waiting(spec.releases().get(i).key(), i, spec.releases().get(i).service()));
        }
        return new Plan(id, spec, PlanState.PENDING, null, null, null, false, now, createdBy, now, 0, entries);
    }

    public PlanEntry entry(String key) {
        return entries.stream().filter(e -> e.key().equals(key)).findFirst().orElseThrow();
    }

    /** The actor of everything the plan does to its releases: {@code tollgate/plan/<id>}. */
    public String actor() {
        return "tollgate/plan/" + id;
    }

    /** The Idempotency-Key the release of {@code key} is created with: the same entry can never get two releases. */
    public String releaseKey(String key) {
        return "plan/" + id + "/" + key;
    }

    public Plan withEntry(PlanEntry changed) {
        var next = entries.stream().map(e -> e.key().equals(changed.key()) ? changed : e).toList();
        return new Plan(id, spec, state, reasonCode, reasonMessage, onFailure, settled, stateSince, createdBy, createdAt, rowVersion, next);
    }

    /** Moved to {@code next} with a reason; the state clock restarts only when the state changes. */
    public Plan moved(PlanState next, String code, String message, Instant now) {
        return new Plan(id, spec, next, code, message, onFailure, false, next == state ? stateSince : now, createdBy, createdAt,
                rowVersion, entries);
    }

    public Plan withOnFailure(String value) {
        return new Plan(id, spec, state, reasonCode, reasonMessage, value, settled, stateSince, createdBy, createdAt, rowVersion, entries);
    }

    public Plan settledNow() {
        return new Plan(id, spec, state, reasonCode, reasonMessage, onFailure, true, stateSince, createdBy, createdAt, rowVersion, entries);
    }
}
