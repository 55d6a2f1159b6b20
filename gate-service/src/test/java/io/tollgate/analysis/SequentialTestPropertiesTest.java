package io.tollgate.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.analysis.sim.Sampler;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import java.util.stream.Stream;

/**
 * Seeded properties over simulated bakes (Poisson traffic, binomial errors, 360 looks): a healthy canary falsely fails
 * at most alpha + 3 standard errors of the time, a better canary at most alpha, and a settled fail never turns into a
 * pass. Alpha is 0.05 here so that the false-fail rate is large enough to measure with 500 runs.
 */
class SequentialTestPropertiesTest {
    private static final double ALPHA = 0.05;
    private static final int RUNS = 500;
    private static final int LOOKS = 360;
    private static final AnalysisSettings SETTINGS = AnalysisSettings.defaults().withAlpha(ALPHA);

    /** rps, base error rate, canary weight by look (a weight change between stages in the last two). */
    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("200 rps, 1%, 10%", 200.0, 0.01, (IntToDoubleFunction) k -> 0.10),
                Arguments.of("20 rps, 10%, 50%", 20.0, 0.10, (IntToDoubleFunction) k -> 0.50),
                Arguments.of("5 rps, 50%, 1→50%", 5.0, 0.50, (IntToDoubleFunction) k -> k < LOOKS / 2 ? 0.01 : 0.50),
                Arguments.of("200 rps, 0.1%, 1→5→25→50%", 200.0, 0.001, (IntToDoubleFunction) k -> List.of(0.01, 0.05, 0.25, 0.50).get(k * 4 / LOOKS)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void a_healthy_canary_falsely_fails_at_most_alpha_plus_three_standard_errors(String name, double rps, double base, IntToDoubleFunction weight) {
        int failed = failures(rps, base, 1.0, weight, 11);

        assertThat((double) failed / RUNS).as(name).isLessThanOrEqualTo(ALPHA + 3 * Math.sqrt(ALPHA * (1 - ALPHA) / RUNS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void a_better_canary_fails_at_most_alpha(String name, double rps, double base, IntToDoubleFunction weight) {
        int failed = failures(rps, base, 0.5, weight, 23);

        assertThat((double) failed / RUNS).as(name).isLessThanOrEqualTo(ALPHA);
    }

    @Test
    void more_data_never_turns_a_settled_fail_into_a_pass() {
        for (int run = 0; run < 100; run++) {
            var sampler = new Sampler(1000 + run);
            var state = SequentialTest.start(Metric.errors(), SETTINGS);
            int k = 0;
            while (state.failedAtLook() == null && k++ < LOOKS) {
                state = state.look(simulated(sampler, 200, 0.01, 3.0, 0.1)).state();
            }
            assertThat(state.failedAtLook()).as("run %d detects 3×", run).isNotNull();
            for (int more = 0; more < 200; more++) {
                var step = state.look(simulated(sampler, 200, 0.01, 0.5, 0.5));
                state = step.state();
                assertThat(step.measurement()).isInstanceOf(Measurement.Fail.class);
            }
            assertThat(state.conclude()).isInstanceOf(Measurement.Fail.class);
        }
    }

    private static int failures(double rps, double base, double ratio, IntToDoubleFunction weight, long seed) {
        int failed = 0;
        for (int run = 0; run < RUNS; run++) {
            var sampler = new Sampler(seed * 1_000_003 + run);
            var state = SequentialTest.start(Metric.errors(), SETTINGS);
            for (int k = 0; k < LOOKS && state.failedAtLook() == null; k++) {
                state = state.look(simulated(sampler, rps, base, ratio, weight.applyAsDouble(k))).state();
            }
            failed += state.failedAtLook() != null ? 1 : 0;
        }
        return failed;
    }

    /** One 5-second look. */
    private static Look simulated(Sampler sampler, double rps, double base, double ratio, double weight) {
        long nA = sampler.poisson(rps * 5 * (1 - weight));
        long nB = sampler.poisson(rps * 5 * weight);
        return Look.of(nA, sampler.binomial(nA, base), nB, sampler.binomial(nB, Math.min(1, base * ratio)));
    }
}
