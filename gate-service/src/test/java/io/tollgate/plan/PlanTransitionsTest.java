package io.tollgate.plan;

import static io.tollgate.plan.PlanState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The plan state machine: the listed transitions and nothing else. */
class PlanTransitionsTest {

    @Test
    void a_plan_runs_completes_halts_or_rolls_back_as_listed() {
        assertThat(PlanTransitions.next(PENDING, new PlanEvent.Start())).isEqualTo(RUNNING);
        assertThat(PlanTransitions.next(RUNNING, new PlanEvent.Complete())).isEqualTo(COMPLETED);
        assertThat(PlanTransitions.next(RUNNING, new PlanEvent.Failure(false))).isEqualTo(HALTED);
        assertThat(PlanTransitions.next(RUNNING, new PlanEvent.Failure(true))).isEqualTo(ROLLING_BACK);
        assertThat(PlanTransitions.next(ROLLING_BACK, new PlanEvent.Compensated(true))).isEqualTo(ROLLED_BACK);
        assertThat(PlanTransitions.next(ROLLING_BACK, new PlanEvent.Compensated(false))).isEqualTo(FAILED);
        assertThat(PlanTransitions.next(HALTED, new PlanEvent.Resume())).isEqualTo(RUNNING);
        assertThat(PlanTransitions.next(COMPLETED, new PlanEvent.Rollback())).isEqualTo(ROLLING_BACK);
        assertThat(PlanTransitions.next(HALTED, new PlanEvent.Abort())).isEqualTo(ABORTED);
    }

    @Test
    void final_states_and_a_running_compensation_refuse_controls_naming_the_state() {
        for (var s : new PlanState[] {ROLLED_BACK, FAILED, ABORTED}) {
            for (PlanEvent e : new PlanEvent[] {new PlanEvent.Pause(), new PlanEvent.Resume(), new PlanEvent.Abort(), new PlanEvent.Rollback()}) {
                assertThatThrownBy(() -> PlanTransitions.next(s, e)).isInstanceOf(PlanTransitions.IllegalPlanTransition.class)
                        .hasMessageContaining("in state " + s.wire());
            }
        }
        assertThatThrownBy(() -> PlanTransitions.next(ROLLING_BACK, new PlanEvent.Abort())).hasMessageContaining("rolling_back");
        assertThatThrownBy(() -> PlanTransitions.next(ROLLING_BACK, new PlanEvent.Pause())).hasMessageContaining("rolling_back");
        assertThatThrownBy(() -> PlanTransitions.next(HALTED, new PlanEvent.Failure(true))).hasMessageContaining("halted");
    }
}
