package io.tollgate.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tollgate.db.Columns;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.db.generated.tables.records.ReleasePlanEntriesRecord;
import io.tollgate.db.generated.tables.records.ReleasePlanHistoryRecord;
import io.tollgate.db.generated.tables.records.ReleasePlansRecord;
import io.tollgate.json.Json;
import io.tollgate.release.HistoryEntry;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.JSONB;

/** Maps plan rows, entry rows and history lines to values and back. */
final class PlanRows {
    private PlanRows() {
    }

    static void fill(ReleasePlansRecord rec, Plan p) {
        rec.setState(p.state().wire());
        rec.setReasonCode(p.reasonCode());
        rec.setReasonMessage(p.reasonMessage());
        rec.setOnFailure(p.onFailure());
        rec.setSettled(p.settled());
        rec.setStateSince(utc(p.stateSince()));
    }

    /** The columns the engine changes. */
    static void fill(ReleasePlanEntriesRecord rec, PlanEntry e) {
        rec.setReleaseId(e.releaseId());
        rec.setClaimedAt(utc(e.claimedAt()));
        rec.setStartedAt(utc(e.startedAt()));
        rec.setEndedAt(utc(e.endedAt()));
        rec.setCompensation(e.compensation());
        rec.setCompensatedAt(utc(e.compensatedAt()));
    }

    static Plan plan(ReleasePlansRecord r, List<ReleasePlanEntriesRecord> entries) {
        PlanSpec spec;
        try {
            spec = Json.mapper().readValue(r.getSpec().data(), PlanSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("release plan " + r.getId() + " has an unreadable spec", e);
        }
        return new Plan(r.getId(), spec, PlanState.fromWire(r.getState()).orElseThrow(), r.getReasonCode(), r.getReasonMessage(),
                r.getOnFailure(), r.getSettled(), instant(r.getStateSince()), r.getCreatedBy(), instant(r.getCreatedAt()),
                r.getRowVersion(), entries.stream().map(e -> new PlanEntry(e.getEntryKey(), e.getPosition(), e.getService(),
                        e.getReleaseId(), instant(e.getClaimedAt()), instant(e.getStartedAt()), instant(e.getEndedAt()),
                        e.getCompensation(), instant(e.getCompensatedAt()))).toList());
    }

    static HistoryEntry entry(ReleasePlanHistoryRecord r) {
        try {
            return new HistoryEntry(r.getSeq(), instant(r.getAt()), r.getKind(), r.getActor(),
                    (ObjectNode) Json.mapper().readTree(r.getPayload().data()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable plan history line", e);
        }
    }

    static JSONB jsonb(Object value) {
        return Columns.jsonb(value);
    }

    static OffsetDateTime utc(Instant i) {
        return Columns.utc(i);
    }

    static Instant instant(OffsetDateTime t) {
        return Columns.instant(t);
    }
}
