package io.tollgate.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tollgate.json.Json;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The statistic against values computed by hand (a direct product of likelihood ratios over the 31 alternatives,
 * no log space; see the Python in the comments), and the verdict rules.
 */
class SequentialTestTest {
    private static final AnalysisSettings DEFAULTS = AnalysisSettings.defaults();

    private static TestState after(List<Look> looks) {
        var state = SequentialTest.start(Metric.errors(), DEFAULTS);
        for (var look : looks) {
            state = state.look(look).state();
        }
        return state;
    }

    /**
     * E = Σ_j w_j · Π_looks (θ(r_j)/θ(1))^eB · ((1 − θ(r_j))/(1 − θ(1)))^eA, r_j = 1.1^j, j = 1..31,
     * w_j ∝ exp(−(j ln 1.1)²/2). For one look with equal traffic and one canary error: Σ w_j · 2r_j/(1 + r_j).
     */
    @Test
    void e_value_matches_the_hand_computed_mixture_for_small_counts() {
        assertThat(after(List.of(Look.of(100, 0, 100, 1))).logEValue()).isCloseTo(Math.log(1.3616562128819216), within(1e-12));
        assertThat(after(List.of(Look.of(300, 2, 100, 3))).logEValue()).isCloseTo(Math.log(2.5910953052703367), within(1e-12));
        assertThat(after(List.of(Look.of(300, 2, 100, 3), Look.of(100, 1, 100, 4))).logEValue())
                .isCloseTo(Math.log(5.6201716246304), within(1e-12));
    }

    @Test
    void upper_bound_matches_the_hand_computed_confidence_sequence() {
        // 10 looks of 1000 requests and 10 errors per side: the largest candidate 1.1^k with E_k < 100 is 1.1^5.
        var state = after(Collections.nCopies(10, Look.of(1000, 10, 1000, 10)));

        assertThat(state.upperBound()).isCloseTo(1.771561, within(1e-9));
        assertThat(state.logEValue()).isCloseTo(Math.log(0.10650716196592579), within(1e-12));
        assertThat(after(Collections.nCopies(10, Look.of(1000, 50, 1000, 50))).upperBound()).isCloseTo(1.331, within(1e-9));
    }

    @Test
    void zero_traffic_is_inconclusive_with_e_value_one_and_no_bound() {
        var state = after(Collections.nCopies(360, Look.EMPTY));

        var end = state.conclude();
        assertThat(end).isInstanceOf(Measurement.Inconclusive.class);
        assertThat(((Measurement.Inconclusive) end).evidence().eValue()).isCloseTo(1.0, within(1e-12));
        assertThat(((Measurement.Inconclusive) end).evidence().upperBound()).isInfinite();
        assertThat(end.explanation()).startsWith("no traffic yet").contains("not enough evidence");
    }

    @Test
    void looks_without_errors_or_with_one_side_idle_change_nothing() {
        var base = after(List.of(Look.of(300, 2, 100, 3)));

        var next = base.look(Look.of(5000, 0, 500, 0)).state().look(Look.of(0, 0, 40, 7)).state().look(Look.of(40, 7, 0, 0)).state();

        assertThat(next.logEValue()).isEqualTo(base.logEValue());
        assertThat(next.logLikelihood()).containsExactly(base.logLikelihood());
        assertThat(next.looks()).isEqualTo(4);
    }

    @Test
    void fails_once_the_e_value_reaches_one_over_alpha_and_explains_it_with_the_numbers() {
        var state = SequentialTest.start(Metric.errors(), DEFAULTS);
        Measurement m = null;
        int look = 0;
        while (!(m instanceof Measurement.Fail) && look < 100) {
            var step = state.look(Look.of(1000, 10, 1000, 25));
            state = step.state();
            m = step.measurement();
            look++;
        }

        assertThat(m).isInstanceOf(Measurement.Fail.class);
        var fail = (Measurement.Fail) m;
        assertThat(fail.failedAtLook()).isEqualTo(look - 1);
        assertThat(fail.evidence().eValue()).isGreaterThanOrEqualTo(100);
        assertThat(fail.explanation()).matches("canary error ratio 2\\.5% vs baseline 1\\.0% \\(ratio 2\\.5, e-value \\d+ ≥ 1/α = 100\\) after [\\d,]+ requests");
    }

    @Test
    void a_settled_fail_stays_failed_whatever_follows() {
        var state = after(Collections.nCopies(20, Look.of(1000, 10, 1000, 40)));
        assertThat(state.failedAtLook()).isNotNull();
        int failedAt = state.failedAtLook();

        for (int i = 0; i < 500; i++) {
            var step = state.look(Look.of(1000, 20, 1000, 5));
            state = step.state();
            assertThat(step.measurement()).isInstanceOf(Measurement.Fail.class);
        }

        assertThat(state.conclude()).isInstanceOf(Measurement.Fail.class);
        assertThat(state.failedAtLook()).isEqualTo(failedAt);
    }

    @Test
    void passes_at_the_end_only_when_the_upper_bound_is_below_the_maximum() {
        var enough = after(Collections.nCopies(10, Look.of(1000, 50, 1000, 50)));
        var tooLittle = after(Collections.nCopies(10, Look.of(1000, 10, 1000, 10)));

        assertThat(enough.measurement()).isInstanceOf(Measurement.Inconclusive.class);
        assertThat(enough.conclude()).isInstanceOf(Measurement.Pass.class);
        assertThat(enough.conclude().explanation()).contains("upper bound 1.3 < 1.5 allowed");
        assertThat(tooLittle.conclude()).isInstanceOf(Measurement.Inconclusive.class);
        assertThat(tooLittle.conclude().explanation()).contains("upper bound 1.8 ≥ 1.5 allowed").contains("not enough evidence");
    }

    @Test
    void long_bakes_at_high_volume_stay_finite_in_log_space() {
        var state = after(Collections.nCopies(2000, Look.of(10_000_000, 100_000, 10_000_000, 200_000)));

        assertThat(state.logEValue()).isFinite().isGreaterThan(1e5);
        assertThat(state.conclude()).isInstanceOf(Measurement.Fail.class);
        assertThat(after(Collections.nCopies(2000, Look.of(10_000_000, 100_000, 10_000_000, 100_000))).conclude())
                .isInstanceOf(Measurement.Pass.class);
    }

    @Test
    void a_margin_r0_moves_the_null_hypothesis() {
        var looks = Collections.nCopies(300, Look.of(1000, 10, 1000, 13));
        var strict = SequentialTest.start(Metric.errors(), DEFAULTS);
        var tolerant = SequentialTest.start(Metric.errors(), new AnalysisSettings(0.01, 1.5, 1, 2));
        for (var look : looks) {
            strict = strict.look(look).state();
            tolerant = tolerant.look(look).state();
        }

        assertThat(strict.failedAtLook()).isNotNull();
        assertThat(tolerant.failedAtLook()).isNull();
    }

    @Test
    void state_survives_a_json_round_trip() throws Exception {
        var state = after(List.of(Look.of(300, 2, 100, 3), Look.of(100, 1, 100, 4)));

        var json = Json.mapper().writeValueAsString(state);
        var back = Json.mapper().readValue(json, TestState.class);

        assertThat(back).isEqualTo(state);
        assertThat(back.look(Look.of(10, 1, 10, 2)).state()).isEqualTo(state.look(Look.of(10, 1, 10, 2)).state());
    }
}
