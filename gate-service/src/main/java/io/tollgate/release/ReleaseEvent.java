package io.tollgate.release;

/** What can happen to a release: results of its own steps, and the control actions of release managers. */
public sealed interface ReleaseEvent {

    /** The wire name recorded in the history, e.g. {@code gate_allowed}. */
    String name();

    record Start() implements ReleaseEvent {
        public String name() { return "start"; }
    }

    record GateAllowed() implements ReleaseEvent {
        public String name() { return "gate_allowed"; }
    }

    record GateHeld() implements ReleaseEvent {
        public String name() { return "gate_held"; }
    }

    record GateTimedOut() implements ReleaseEvent {
        public String name() { return "gate_timeout"; }
    }

    record GateDenied() implements ReleaseEvent {
        public String name() { return "gate_denied"; }
    }

    /** Both adapters applied and verified the stage. */
    record Applied() implements ReleaseEvent {
        public String name() { return "applied"; }
    }

    /** An adapter failed or could not be verified; the flag was put back if traffic did not move. */
    record ApplyFailed() implements ReleaseEvent {
        public String name() { return "apply_failed"; }
    }

    /** The bake of the current stage ended without regression; {@code last} when it was the final stage. */
    record BakeComplete(boolean last) implements ReleaseEvent {
        public String name() { return "bake_complete"; }
    }

    /** The canary or the SLOs regressed while baking; {@code rollback} is what the policy decided. */
    record Regression(boolean rollback) implements ReleaseEvent {
        public String name() { return "regression"; }
    }

    /** The observed flag % or weight is not what Tollgate set (a hand change). */
    record DriftDetected() implements ReleaseEvent {
        public String name() { return "drift_detected"; }
    }

    /** An adapter stayed unreachable through its retries while baking. */
    record AdapterDown() implements ReleaseEvent {
        public String name() { return "adapter_unavailable"; }
    }

    /** Rollback or abort finished resetting the adapters ({@code ok}) or could not ({@code !ok}). */
    record ResetDone(boolean ok) implements ReleaseEvent {
        public String name() { return ok ? "reset_done" : "reset_failed"; }
    }

    /** A dry run walked its whole plan. */
    record DryRunComplete() implements ReleaseEvent {
        public String name() { return "dry_run_complete"; }
    }

    record Pause() implements ReleaseEvent {
        public String name() { return "pause"; }
    }

    record Resume() implements ReleaseEvent {
        public String name() { return "resume"; }
    }

    /** Ends the current bake now and moves to the next stage (or promotes after the last). */
    record Promote(boolean last) implements ReleaseEvent {
        public String name() { return "promote"; }
    }

    record Abort() implements ReleaseEvent {
        public String name() { return "abort"; }
    }

    record Rollback() implements ReleaseEvent {
        public String name() { return "rollback"; }
    }
}
