package io.tollgate.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tollgate.analysis.sim.Sampler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The simulation's variates have the right mean and variance on both sides of the small/large switch. */
class SamplerTest {
    private static final int N = 200_000;

    @ParameterizedTest(name = "Poisson({0})")
    @CsvSource({"0.5", "9", "11", "500"})
    void poisson_mean_and_variance(double mean) {
        var s = new Sampler(7);
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < N; i++) {
            long k = s.poisson(mean);
            sum += k;
            sq += (double) k * k;
        }
        double m = sum / N;
        assertThat(m).isCloseTo(mean, within(5 * Math.sqrt(mean / N)));
        assertThat(sq / N - m * m).isCloseTo(mean, within(0.03 * mean + 0.01));
    }

    @ParameterizedTest(name = "Binomial({0}, {1})")
    @CsvSource({"100, 0.01", "1000, 0.05", "1000, 0.3", "500, 0.9", "20, 0.5"})
    void binomial_mean_and_variance(long n, double p) {
        var s = new Sampler(9);
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < N; i++) {
            long k = s.binomial(n, p);
            sum += k;
            sq += (double) k * k;
        }
        double m = sum / N;
        double var = n * p * (1 - p);
        assertThat(m).isCloseTo(n * p, within(5 * Math.sqrt(var / N)));
        assertThat(sq / N - m * m).isCloseTo(var, within(0.03 * var));
    }
}
