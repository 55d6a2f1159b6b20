package io.tollgate.plan;

/** What can happen to a plan: the controller's findings and the release managers' controls. */
public sealed interface PlanEvent {
    /** The wire name in history lines, e.g. {@code entry_failed}. */
    String name();

    record Start() implements PlanEvent {
        public String name() {
            return "start";
        }
    }

    /** Every release of the plan is promoted (a dry run: every gate allowed). */
    record Complete() implements PlanEvent {
        public String name() {
            return "complete";
        }
    }

    /** A release halted, failed or rolled back, or a watched SLO burns fast; {@code rollback} is the policy's answer. */
    record Failure(boolean rollback) implements PlanEvent {
        public String name() {
            return "failure";
        }
    }

    /** A dry run walked every release and some gate did not allow: halted for a human, nothing to undo. */
    record DryRunBlocked() implements PlanEvent {
        public String name() {
            return "dry_run_blocked";
        }
    }

    /** Every started release was rolled back and verified ({@code ok}), or one reset could not be verified. */
    record Compensated(boolean ok) implements PlanEvent {
        public String name() {
            return ok ? "compensated" : "compensation_failed";
        }
    }

    record Pause() implements PlanEvent {
        public String name() {
            return "pause";
        }
    }

    record Resume() implements PlanEvent {
        public String name() {
            return "resume";
        }
    }

    record Abort() implements PlanEvent {
        public String name() {
            return "abort";
        }
    }

    record Rollback() implements PlanEvent {
        public String name() {
            return "rollback";
        }
    }
}
