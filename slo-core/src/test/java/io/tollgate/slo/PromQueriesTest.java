package io.tollgate.slo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PromQueriesTest {

    @Test
    void good_over_total_counters_give_one_minus_the_good_rate_share() {
        assertThat(PromQueries.errorRatio(Slos.checkout(0.999), Duration.ofMinutes(5))).isEqualTo(
                "1 - (sum(rate(http_requests_total{code!~\"5..\"}[5m])) / sum(rate(http_requests_total[5m])))");
    }

    @Test
    void bad_over_total_counters_read_missing_error_series_as_zero() {
        var slo = Slos.withIndicator(new RatioIndicator(RatioIndicator.Kind.BAD_OVER_TOTAL,
                "http_requests_total{code=~\"5..\"}", "http_requests_total", true, "default"));

        assertThat(PromQueries.errorRatio(slo, Duration.ofDays(3))).isEqualTo(
                "(sum(rate(http_requests_total{code=~\"5..\"}[3d])) or vector(0)) / sum(rate(http_requests_total[3d]))");
    }

    @Test
    void gauges_are_averaged_over_the_window_instead_of_rated() {
        var slo = Slos.withIndicator(new RatioIndicator(RatioIndicator.Kind.GOOD_OVER_TOTAL,
                "job:good:rate5m", "job:total:rate5m", false, "default"));

        assertThat(PromQueries.errorRatio(slo, Duration.ofSeconds(30))).isEqualTo(
                "1 - (sum(avg_over_time(job:good:rate5m[30s])) / sum(avg_over_time(job:total:rate5m[30s])))");
        assertThat(PromQueries.totalEvents(slo, Duration.ofHours(1)))
                .isEqualTo("sum(avg_over_time(job:total:rate5m[1h])) * 3600");
    }

    @Test
    void counts_total_events_with_increase_over_the_window() {
        assertThat(PromQueries.totalEvents(Slos.checkout(0.999), Duration.ofDays(28)))
                .isEqualTo("sum(increase(http_requests_total[28d]))");
    }

    @Test
    void divides_the_error_ratio_by_the_budget_for_the_burn_rate() {
        assertThat(PromQueries.burnRate(Slos.checkout(0.999), Duration.ofHours(1))).isEqualTo(
                "(1 - (sum(rate(http_requests_total{code!~\"5..\"}[1h])) / sum(rate(http_requests_total[1h])))) / 0.001");
    }
}
