package io.tollgate.plan;

import static io.tollgate.plan.PlanState.ABORTED;
import static io.tollgate.plan.PlanState.COMPLETED;
import static io.tollgate.plan.PlanState.FAILED;
import static io.tollgate.plan.PlanState.HALTED;
import static io.tollgate.plan.PlanState.PENDING;
import static io.tollgate.plan.PlanState.ROLLED_BACK;
import static io.tollgate.plan.PlanState.ROLLING_BACK;
import static io.tollgate.plan.PlanState.RUNNING;

/**
 * The one place that says which plan transitions exist. Pure; anything not listed is refused with
 * {@link IllegalPlanTransition} (409 naming the state for a control action).
 */
public final class PlanTransitions {

    /** An event the plan's state does not accept. */
    public static final class IllegalPlanTransition extends RuntimeException {
        private final PlanState state;

        public IllegalPlanTransition(PlanState state, PlanEvent event) {
            super("a release plan in state " + state.wire() + " does not accept " + event.name());
            this.state = state;
        }

        public PlanState state() {
            return state;
        }
    }

    private PlanTransitions() {
    }

    /** @throws IllegalPlanTransition when {@code state} does not accept {@code event} */
    public static PlanState next(PlanState state, PlanEvent event) {
        PlanState next = switch (event) {
            case PlanEvent.Start s -> state == PENDING ? RUNNING : null;
            case PlanEvent.Complete c -> state == RUNNING ? COMPLETED : null;
            case PlanEvent.Failure f -> state != RUNNING ? null : f.rollback() ? ROLLING_BACK : HALTED;
            case PlanEvent.DryRunBlocked d -> state == RUNNING ? HALTED : null;
            case PlanEvent.Compensated c -> state != ROLLING_BACK ? null : c.ok() ? ROLLED_BACK : FAILED;
            case PlanEvent.Pause p -> state == PENDING || state == RUNNING ? HALTED : null;
            case PlanEvent.Resume r -> state == HALTED ? RUNNING : null;
            // Compensation, once started, finishes: stopping it halfway would leave dependents on what is undone.
            case PlanEvent.Abort a -> state == PENDING || state == RUNNING || state == HALTED ? ABORTED : null;
            case PlanEvent.Rollback r -> state == RUNNING || state == HALTED || state == COMPLETED ? ROLLING_BACK : null;
        };
        if (next == null) {
            throw new IllegalPlanTransition(state, event);
        }
        return next;
    }
}
