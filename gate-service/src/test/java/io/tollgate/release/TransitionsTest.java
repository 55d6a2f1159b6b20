package io.tollgate.release;

import static io.tollgate.release.ReleaseState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tollgate.release.ReleaseEvent.*;
import io.tollgate.release.Transitions.Action;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every (state, event) pair: the allowed ones go where the lifecycle says, every other one is refused. */
class TransitionsTest {
    private static final List<ReleaseEvent> EVENTS = List.of(new Start(), new GateAllowed(), new GateHeld(), new GateTimedOut(),
            new GateDenied(), new Applied(), new ApplyFailed(), new BakeComplete(false), new BakeComplete(true),
            new Regression(true), new Regression(false), new DriftDetected(), new AdapterDown(), new ResetDone(true),
            new ResetDone(false), new DryRunComplete(), new Pause(), new Resume(), new Promote(false), new Promote(true),
            new Abort(), new Rollback());

    /** The whole lifecycle, written out once more by hand: "state event" → next state. */
    private static Map<String, ReleaseState> expected() {
        var m = new HashMap<String, ReleaseState>();
        m.put("pending start", GATING);
        m.put("gating gate_allowed", APPLYING);
        m.put("gating gate_held", GATING);
        m.put("gating gate_timeout", HALTED);
        m.put("gating gate_denied", HALTED);
        m.put("gating dry_run_complete", PROMOTED);
        m.put("applying applied", BAKING);
        m.put("applying apply_failed", HALTED);
        m.put("baking bake_complete/false", GATING);
        m.put("baking bake_complete/true", PROMOTED);
        m.put("baking regression/true", ROLLED_BACK);
        m.put("baking regression/false", HALTED);
        m.put("baking drift_detected", HALTED);
        m.put("baking adapter_unavailable", HALTED);
        m.put("rolled_back reset_done", ROLLED_BACK);
        m.put("rolled_back reset_failed", FAILED);
        m.put("aborted reset_done", ABORTED);
        m.put("aborted reset_failed", FAILED);
        for (var s : List.of(PENDING, GATING, BAKING)) {
            m.put(s.wire() + " pause", HALTED);
        }
        m.put("halted resume", GATING);
        m.put("baking promote/false", GATING);
        m.put("baking promote/true", PROMOTED);
        for (var s : ReleaseState.values()) {
            if (!s.terminal()) {
                m.put(s.wire() + " abort", ABORTED);
                m.put(s.wire() + " rollback", ROLLED_BACK);
            }
        }
        m.put("promoted rollback", ROLLED_BACK);
        return m;
    }

    private static String key(ReleaseState s, ReleaseEvent e) {
        String variant = switch (e) {
            case BakeComplete b -> "/" + b.last();
            case Regression r -> "/" + r.rollback();
            case Promote p -> "/" + p.last();
            default -> "";
        };
        return s.wire() + " " + e.name() + variant;
    }

    @Test
    void every_state_and_event_pair_is_either_in_the_lifecycle_or_refused_with_the_state() {
        var expected = expected();
        int allowed = 0;
        for (var state : ReleaseState.values()) {
            for (var event : EVENTS) {
                var want = expected.get(key(state, event));
                if (want == null) {
                    assertThatThrownBy(() -> Transitions.transition(state, event)).as(key(state, event))
                            .isInstanceOf(Transitions.IllegalTransition.class)
                            .hasMessageContaining(state.wire())
                            .satisfies(e -> assertThat(((Transitions.IllegalTransition) e).state()).isEqualTo(state));
                } else {
                    assertThat(Transitions.transition(state, event).next()).as(key(state, event)).isEqualTo(want);
                    allowed++;
                }
            }
        }
        assertThat(allowed).isEqualTo(expected.size());
    }

    @Test
    void rollback_and_abort_reset_the_adapters_and_a_finished_bake_advances_the_stage() {
        assertThat(Transitions.transition(BAKING, new Rollback()).actions()).containsExactly(Action.RESET_ADAPTERS);
        assertThat(Transitions.transition(GATING, new Abort()).actions()).containsExactly(Action.RESET_ADAPTERS);
        assertThat(Transitions.transition(BAKING, new Regression(true)).actions()).containsExactly(Action.RESET_ADAPTERS);
        assertThat(Transitions.transition(BAKING, new BakeComplete(false)).actions()).containsExactly(Action.ADVANCE_STAGE, Action.RUN_GATE);
        assertThat(Transitions.transition(BAKING, new Promote(false)).actions()).containsExactly(Action.ADVANCE_STAGE, Action.RUN_GATE);
        assertThat(Transitions.transition(GATING, new GateAllowed()).actions()).containsExactly(Action.APPLY_STAGE);
        assertThat(Transitions.transition(GATING, new GateDenied()).actions()).containsExactly(Action.STOP);
    }

    @Test
    void terminal_states_need_no_steps_and_halted_still_blocks_its_service() {
        assertThat(List.of(ReleaseState.values()).stream().filter(ReleaseState::terminal))
                .containsExactlyInAnyOrder(PROMOTED, ROLLED_BACK, ABORTED, FAILED);
    }
}
