package io.tollgate.adapter.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.adapter.haproxy.WeightPlan.Step;
import org.junit.jupiter.api.Test;

class WeightPlanTest {

    @Test
    void raising_the_canary_lowers_stable_first() {
        assertThat(WeightPlan.of("stable", 95, 75, "canary", 5, 25).steps())
                .containsExactly(new Step("stable", 75), new Step("canary", 25));
    }

    @Test
    void lowering_the_canary_lowers_it_first() {
        assertThat(WeightPlan.of("stable", 75, 100, "canary", 25, 0).steps())
                .containsExactly(new Step("canary", 0), new Step("stable", 100));
    }

    @Test
    void never_passes_through_zero_zero() {
        assertThat(WeightPlan.of("stable", 100, 0, "canary", 0, 100).steps())
                .containsExactly(new Step("canary", 100), new Step("stable", 0));
        assertThat(WeightPlan.of("stable", 0, 100, "canary", 100, 0).steps())
                .containsExactly(new Step("stable", 100), new Step("canary", 0));
    }

    @Test
    void sends_nothing_for_unchanged_weights_and_one_command_for_one_change() {
        assertThat(WeightPlan.of("stable", 90, 90, "canary", 10, 10).isEmpty()).isTrue();
        assertThat(WeightPlan.of("stable", 100, 100, "canary", 7, 0).steps()).containsExactly(new Step("canary", 0));
    }
}
