package io.tollgate.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.db.generated.tables.records.ReleaseHistoryRecord;
import io.tollgate.db.generated.tables.records.ReleasesRecord;
import io.tollgate.json.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.jooq.JSONB;

/** Maps release rows and history lines to values and back. */
final class ReleaseRows {
    private ReleaseRows() {
    }

    /** The columns a step may change. */
    static void fill(ReleasesRecord rec, Release r) {
        rec.setState(r.state().wire());
        rec.setStageIndex(r.stageIndex());
        rec.setApplyingStage(r.applyingStage());
        rec.setAppliedStage(r.appliedStage());
        rec.setApplyCount(r.applyCount());
        rec.setDesiredFlag(r.desiredFlag());
        rec.setDesiredWeight(r.desiredWeight());
        rec.setObservedFlag(r.observedFlag());
        rec.setObservedWeight(r.observedWeight());
        rec.setStateSince(utc(r.stateSince()));
        rec.setGatingSince(utc(r.gatingSince()));
        rec.setBakeStartedAt(utc(r.bakeStartedAt()));
        rec.setBakeUntil(utc(r.bakeUntil()));
        rec.setOnRegression(r.onRegression());
        rec.setResetPending(r.resetPending());
        rec.setReasonCode(r.reasonCode());
        rec.setReasonMessage(r.reasonMessage());
        rec.setAnalysis(r.analysis() == ReleaseAnalysis.NONE ? null : jsonb(Json.mapper().valueToTree(r.analysis())));
    }

    static Release release(ReleasesRecord r) {
        ReleaseSpec spec;
        ReleaseAnalysis analysis;
        try {
            spec = Json.mapper().readValue(r.getSpec().data(), ReleaseSpec.class);
            analysis = r.getAnalysis() == null ? ReleaseAnalysis.NONE : Json.mapper().readValue(r.getAnalysis().data(), ReleaseAnalysis.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("release " + r.getId() + " has an unreadable spec or analysis", e);
        }
        return new Release(r.getId(), spec, ReleaseState.fromWire(r.getState()).orElseThrow(), r.getStageIndex(),
                r.getApplyingStage(), r.getAppliedStage(), r.getApplyCount(), r.getDesiredFlag(), r.getDesiredWeight(),
                r.getObservedFlag(), r.getObservedWeight(), instant(r.getStateSince()), instant(r.getGatingSince()),
                instant(r.getBakeStartedAt()), instant(r.getBakeUntil()), r.getOnRegression(), r.getResetPending(),
                r.getReasonCode(), r.getReasonMessage(), r.getCreatedBy(), instant(r.getCreatedAt()), r.getRowVersion(), analysis);
    }

    static HistoryEntry entry(ReleaseHistoryRecord r) {
        ObjectNode payload;
        try {
            payload = (ObjectNode) Json.mapper().readTree(r.getPayload().data());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable history line", e);
        }
        return new HistoryEntry(r.getSeq(), instant(r.getAt()), r.getKind(), r.getActor(), payload);
    }

    static com.fasterxml.jackson.databind.node.ArrayNode array(JSONB json) {
        try {
            return (com.fasterxml.jackson.databind.node.ArrayNode) Json.mapper().readTree(json.data());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable analysis look", e);
        }
    }

    static JSONB specJson(ReleaseSpec spec) {
        return jsonb(Json.mapper().valueToTree(spec));
    }

    static JSONB jsonb(JsonNode node) {
        return io.tollgate.db.Columns.jsonb(node);
    }

    static OffsetDateTime utc(Instant i) {
        return io.tollgate.db.Columns.utc(i);
    }

    static Instant instant(OffsetDateTime t) {
        return io.tollgate.db.Columns.instant(t);
    }
}
