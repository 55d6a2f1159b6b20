package io.tollgate.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tollgate.adapter.MetricResult;
import io.tollgate.adapter.MetricsSource;
import io.tollgate.slo.BudgetingMethod;
import io.tollgate.slo.BurnRateRule;
import io.tollgate.slo.RatioIndicator;
import io.tollgate.slo.Slo;
import io.tollgate.support.Ports;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The evaluator's arithmetic and failure mapping, against an in-memory metrics source. */
class SloEvaluatorTest {
    private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");
    private static final Slo SLO = new Slo("search-availability", null, "search", 0.99, Duration.ofHours(1),
            BudgetingMethod.OCCURRENCES,
            new RatioIndicator(RatioIndicator.Kind.BAD_OVER_TOTAL, "http_requests_total{service=\"search\",code=~\"5..\"}",
                    "http_requests_total{service=\"search\"}", true, RatioIndicator.DEFAULT_DATA_SOURCE),
            List.of(new BurnRateRule("fast", "page", 14.4, Duration.ofMinutes(5), Duration.ofSeconds(25))), "test.yaml");

    @Test
    void computes_budget_and_burn_rates_from_the_error_ratio_of_each_window() {
        var status = new SloEvaluator(source(q -> q.contains("increase(") ? 3600.0 : q.contains("offset") ? 2.0
                : q.contains("[25s]") ? 0.2 : 0.005)).evaluate(SLO, AT);

        assertThat(status.available()).isTrue();
        assertThat(status.sli()).isCloseTo(0.995, within(1e-12));
        assertThat(status.budget().remaining()).isCloseTo(0.5, within(1e-9));
        assertThat(status.budget().totalEvents()).isEqualTo(3600.0);
        assertThat(status.dataComplete()).isTrue();
        var burn = status.burnRates().getFirst();
        assertThat(burn.longRate()).isCloseTo(0.5, within(1e-9));
        assertThat(burn.shortRate()).isCloseTo(20, within(1e-9));
        assertThat(burn.firing()).as("only the short window is over 14.4").isFalse();
        assertThat(status.queries()).hasSize(5);
    }

    @Test
    void an_unreachable_backend_makes_the_slo_unavailable_naming_the_cause() {
        MetricsSource down = new FakeSource(q -> new MetricResult.Unavailable(q, "unreachable at http://127.0.0.1:9: connection refused"));

        var status = new SloEvaluator(down).evaluate(SLO, AT);

        assertThat(status.available()).isFalse();
        assertThat(status.problem()).isEqualTo("prometheus unavailable: unreachable at http://127.0.0.1:9: connection refused");
        assertThat(status.burnRates()).isEmpty();
    }

    @Test
    void an_empty_answer_for_any_window_makes_the_slo_unavailable_not_zero() {
        MetricsSource partial = new FakeSource(q -> q.contains("[25s]") ? new MetricResult.NoData(q, AT) : new MetricResult.Value(q, 0.001, AT));

        var status = new SloEvaluator(partial).evaluate(SLO, AT);

        assertThat(status.available()).isFalse();
        assertThat(status.problem()).startsWith("no data for ").contains("[25s]");
    }

    @Test
    void a_missing_sample_before_the_window_start_means_incomplete_data_not_unavailable() {
        MetricsSource young = new FakeSource(q -> q.contains("offset") ? new MetricResult.NoData(q, AT) : new MetricResult.Value(q, 0.001, AT));

        var status = new SloEvaluator(young).evaluate(SLO, AT);

        assertThat(status.available()).isTrue();
        assertThat(status.dataComplete()).isFalse();
    }

    @Test
    void the_monitor_turns_an_unexpected_evaluator_failure_into_an_unavailable_state() {
        MetricsSource broken = new FakeSource(q -> {
            throw new IllegalStateException("bug in a metrics adapter");
        });
        var holder = new SloCatalogHolder(Ports.resourceDir("slo-e2e/flip"), Clock.systemUTC());
        try (var monitor = new SloMonitor(holder, new SloEvaluator(broken), new SloMetrics(new PrometheusRegistry(), Clock.systemUTC()),
                Clock.systemUTC(), Duration.ofHours(1))) {
            var states = monitor.statesFor("search");

            assertThat(states).hasSize(1);
            assertThat(states.getFirst().available()).isFalse();
            assertThat(states.getFirst().problem()).contains("bug in a metrics adapter");
        }
    }

    private static MetricsSource source(Function<String, Double> values) {
        return new FakeSource(q -> new MetricResult.Value(q, values.apply(q), AT));
    }

    private record FakeSource(Function<String, MetricResult> answers) implements MetricsSource {
        @Override
        public String type() {
            return "prometheus";
        }

        @Override
        public MetricResult queryScalar(String query, Instant at) {
            return answers.apply(query);
        }

        @Override
        public String healthProblem() {
            return null;
        }
    }
}
