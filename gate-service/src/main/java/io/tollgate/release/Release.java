package io.tollgate.release;

import java.time.Instant;
import java.util.UUID;

/**
 * A release as persisted: its spec and everything a step needs to continue after a crash.
 *
 * @param applyingStage the stage whose apply started (written before the adapters are called)
 * @param appliedStage  the last stage both adapters applied and verified; -1 before the first
 * @param applyCount    how many times a stage apply was started, replays included (a replay is harmless:
 *                      adapters set absolute values; the count makes it visible)
 * @param bakeUntil     when the current bake ends; kept across restarts so the bake clock never restarts
 * @param resetPending  rollback or abort decided, adapters not yet reset and verified
 * @param rowVersion    optimistic lock: each write names the version it read
 * @param analysis      the canary analysis' state and results ({@link ReleaseAnalysis#NONE} without any)
 */
public record Release(UUID id, ReleaseSpec spec, ReleaseState state, int stageIndex, int applyingStage, int appliedStage,
                      int applyCount, int desiredFlag, int desiredWeight, Integer observedFlag, Integer observedWeight,
                      Instant stateSince, Instant gatingSince, Instant bakeStartedAt, Instant bakeUntil,
                      String onRegression, boolean resetPending, String reasonCode, String reasonMessage,
                      String createdBy, Instant createdAt, long rowVersion, ReleaseAnalysis analysis) {

    public Release {
        analysis = analysis == null ? ReleaseAnalysis.NONE : analysis;
    }

    public ReleaseSpec.Stage currentStage() {
        return spec.stage(stageIndex);
    }

    /** A new release, pending at its first stage with nothing applied. */
    public static Release pending(UUID id, ReleaseSpec spec, String createdBy, Instant now) {
        return new Release(id, spec, ReleaseState.PENDING, 0, -1, -1, 0, 0, 0, null, null, now, null, null, null,
                null, false, null, null, createdBy, now, 0, ReleaseAnalysis.NONE);
    }

    public Draft draft() {
        return new Draft(this);
    }

    /** A mutable copy for the controller to change before saving; {@link #build()} gives the next row. */
    public static final class Draft {
        private final Release from;
        public ReleaseState state;
        public int stageIndex;
        public int applyingStage;
        public int appliedStage;
        public int applyCount;
        public int desiredFlag;
        public int desiredWeight;
        public Integer observedFlag;
        public Integer observedWeight;
        public Instant stateSince;
        public Instant gatingSince;
        public Instant bakeStartedAt;
        public Instant bakeUntil;
        public String onRegression;
        public boolean resetPending;
        public String reasonCode;
        public String reasonMessage;
        public ReleaseAnalysis analysis;

        private Draft(Release r) {
            from = r;
            state = r.state;
            stageIndex = r.stageIndex;
            applyingStage = r.applyingStage;
            appliedStage = r.appliedStage;
            applyCount = r.applyCount;
            desiredFlag = r.desiredFlag;
            desiredWeight = r.desiredWeight;
            observedFlag = r.observedFlag;
            observedWeight = r.observedWeight;
            stateSince = r.stateSince;
            gatingSince = r.gatingSince;
            bakeStartedAt = r.bakeStartedAt;
            bakeUntil = r.bakeUntil;
            onRegression = r.onRegression;
            resetPending = r.resetPending;
            reasonCode = r.reasonCode;
            reasonMessage = r.reasonMessage;
            analysis = r.analysis;
        }

        /** Moves to {@code next} at {@code now}; the state clock restarts only when the state changes. */
        public Draft moveTo(ReleaseState next, java.time.Instant now) {
            if (next != state) {
                stateSince = now;
            }
            state = next;
            return this;
        }

        public Draft reason(String code, String message) {
            reasonCode = code;
            reasonMessage = message;
            return this;
        }

        public Release build() {
            return new Release(from.id, from.spec, state, stageIndex, applyingStage, appliedStage, applyCount, desiredFlag,
                    desiredWeight, observedFlag, observedWeight, stateSince, gatingSince, bakeStartedAt, bakeUntil,
                    onRegression, resetPending, reasonCode, reasonMessage, from.createdBy, from.createdAt, from.rowVersion, analysis);
        }
    }
}
