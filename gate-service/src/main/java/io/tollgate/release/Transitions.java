package io.tollgate.release;

import static io.tollgate.release.ReleaseState.ABORTED;
import static io.tollgate.release.ReleaseState.APPLYING;
import static io.tollgate.release.ReleaseState.BAKING;
import static io.tollgate.release.ReleaseState.FAILED;
import static io.tollgate.release.ReleaseState.GATING;
import static io.tollgate.release.ReleaseState.HALTED;
import static io.tollgate.release.ReleaseState.PENDING;
import static io.tollgate.release.ReleaseState.PROMOTED;
import static io.tollgate.release.ReleaseState.ROLLED_BACK;

import java.util.List;

/**
 * The one place that says which transitions exist. Pure: no clock, no I/O; the controller carries out the
 * returned actions. Anything not listed here is refused with {@link IllegalTransition} (409 for control actions).
 */
public final class Transitions {

    /** What the controller must do after moving to {@code next}. */
    public enum Action {
        /** Run the gate check for the current stage. */
        RUN_GATE,
        /** Set flag % and canary weight of the current stage and read both back. */
        APPLY_STAGE,
        /** Start (or keep) the bake clock of the current stage and watch it. */
        BAKE,
        /** Move to the next stage. */
        ADVANCE_STAGE,
        /** Traffic to stable and flag off, both verified (rollback, abort). */
        RESET_ADAPTERS,
        /** Nothing more to drive: remove the scheduled step. */
        STOP
    }

    /** The state after an event and what to do about it. */
    public record Transition(ReleaseState next, List<Action> actions) {
        public Transition {
            actions = List.copyOf(actions);
        }
    }

    /** An event the current state does not accept. */
    public static final class IllegalTransition extends RuntimeException {
        private final ReleaseState state;

        public IllegalTransition(ReleaseState state, ReleaseEvent event) {
            super("a release in state " + state.wire() + " does not accept " + event.name());
            this.state = state;
        }

        public ReleaseState state() {
            return state;
        }
    }

    private Transitions() {
    }

    /** @throws IllegalTransition when {@code state} does not accept {@code event} */
    public static Transition transition(ReleaseState state, ReleaseEvent event) {
        Transition t = switch (event) {
            case ReleaseEvent.Start s -> state == PENDING ? to(GATING, Action.RUN_GATE) : null;
            case ReleaseEvent.GateAllowed g -> state == GATING ? to(APPLYING, Action.APPLY_STAGE) : null;
            case ReleaseEvent.GateHeld g -> state == GATING ? to(GATING, Action.RUN_GATE) : null;
            case ReleaseEvent.GateTimedOut g -> state == GATING ? to(HALTED, Action.STOP) : null;
            case ReleaseEvent.GateDenied g -> state == GATING ? to(HALTED, Action.STOP) : null;
            case ReleaseEvent.Applied a -> state == APPLYING ? to(BAKING, Action.BAKE) : null;
            case ReleaseEvent.ApplyFailed a -> state == APPLYING ? to(HALTED, Action.STOP) : null;
            case ReleaseEvent.BakeComplete b -> state != BAKING ? null
                    : b.last() ? to(PROMOTED, Action.STOP) : to(GATING, Action.ADVANCE_STAGE, Action.RUN_GATE);
            case ReleaseEvent.Regression r -> state != BAKING ? null
                    : r.rollback() ? to(ROLLED_BACK, Action.RESET_ADAPTERS) : to(HALTED, Action.STOP);
            case ReleaseEvent.DriftDetected d -> state == BAKING ? to(HALTED, Action.STOP) : null;
            case ReleaseEvent.AdapterDown d -> state == BAKING ? to(HALTED, Action.STOP) : null;
            case ReleaseEvent.ResetDone r -> state != ROLLED_BACK && state != ABORTED ? null
                    : r.ok() ? to(state, Action.STOP) : to(FAILED, Action.STOP);
            case ReleaseEvent.DryRunComplete d -> state == GATING ? to(PROMOTED, Action.STOP) : null;
            case ReleaseEvent.Pause p -> state == PENDING || state == GATING || state == BAKING ? to(HALTED, Action.STOP) : null;
            case ReleaseEvent.Resume r -> state == HALTED ? to(GATING, Action.RUN_GATE) : null;
            case ReleaseEvent.Promote p -> state != BAKING ? null
                    : p.last() ? to(PROMOTED, Action.STOP) : to(GATING, Action.ADVANCE_STAGE, Action.RUN_GATE);
            case ReleaseEvent.Abort a -> state.terminal() ? null : to(ABORTED, Action.RESET_ADAPTERS);
            case ReleaseEvent.Rollback r -> state.terminal() && state != PROMOTED ? null : to(ROLLED_BACK, Action.RESET_ADAPTERS);
        };
        if (t == null) {
            throw new IllegalTransition(state, event);
        }
        return t;
    }

    private static Transition to(ReleaseState next, Action... actions) {
        return new Transition(next, List.of(actions));
    }
}
