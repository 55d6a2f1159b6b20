package io.tollgate.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanaryAnalysisTest {
    private static final List<Metric> METRICS = List.of(Metric.errors(), Metric.slowerThan(0.5));

    @Test
    void splits_alpha_across_metrics() {
        var a = CanaryAnalysis.start(AnalysisSettings.defaults(), METRICS);

        assertThat(a.tests()).allSatisfy(t -> assertThat(t.settings().alpha()).isEqualTo(0.005));
        assertThat(a.metrics()).extracting(Metric::name).containsExactly("errors", "slower_than_0.5s");
    }

    @Test
    void a_slow_canary_fails_on_latency_alone_and_the_explanation_names_it() {
        var a = CanaryAnalysis.start(AnalysisSettings.defaults(), METRICS);
        AnalysisResult result = null;
        for (int i = 0; i < 60 && (result == null || !result.verdict().equals("fail")); i++) {
            var step = a.look(Map.of("errors", Look.of(1000, 10, 1000, 10), "slower_than_0.5s", Look.of(1000, 20, 1000, 60)), Map.of());
            a = step.state();
            result = step.result();
        }

        assertThat(result.verdict()).isEqualTo("fail");
        assertThat(result.failedAtLook()).isNotNull();
        assertThat(result.explanation()).startsWith("canary share slower than 0.5 s 6.0% vs baseline 2.0%").contains("1/α = 200");
        assertThat(result.measurements().get(0)).isInstanceOf(Measurement.Inconclusive.class);
    }

    @Test
    void a_metric_without_counts_is_an_error_and_keeps_its_state() {
        var a = CanaryAnalysis.start(AnalysisSettings.defaults(), METRICS)
                .look(Map.of("errors", Look.of(100, 1, 100, 1), "slower_than_0.5s", Look.of(100, 1, 100, 1)), Map.of()).state();

        var step = a.look(Map.of("errors", Look.of(100, 1, 100, 1)), Map.of("slower_than_0.5s", "prometheus unreachable"));

        assertThat(step.result().verdict()).isEqualTo("error");
        assertThat(step.result().measurements().get(1).explanation()).contains("prometheus unreachable");
        assertThat(step.state().tests().get(1)).isEqualTo(a.tests().get(1));
    }

    @Test
    void passes_only_when_every_metric_passes() {
        var a = CanaryAnalysis.start(AnalysisSettings.defaults(), METRICS);
        for (int i = 0; i < 20; i++) {
            a = a.look(Map.of("errors", Look.of(1000, 50, 1000, 50), "slower_than_0.5s", Look.of(1000, 50, 1000, 50)), Map.of()).state();
        }
        var b = a.look(Map.of("errors", Look.of(1000, 50, 1000, 50), "slower_than_0.5s", Look.EMPTY), Map.of()).state();

        assertThat(a.conclude().verdict()).isEqualTo("pass");
        assertThat(a.current().verdict()).isEqualTo("inconclusive");
        assertThat(CanaryAnalysis.start(AnalysisSettings.defaults(), METRICS).conclude().verdict()).isEqualTo("inconclusive");
        assertThat(b.conclude().verdict()).isEqualTo("pass");
    }

    @Test
    void the_whole_analysis_survives_a_json_round_trip() throws Exception {
        var a = CanaryAnalysis.start(AnalysisSettings.defaults(), METRICS)
                .look(Map.of("errors", Look.of(300, 2, 100, 3), "slower_than_0.5s", Look.of(300, 5, 100, 1)), Map.of()).state();

        var back = Json.mapper().readValue(Json.mapper().writeValueAsBytes(a), CanaryAnalysis.class);

        assertThat(back).isEqualTo(a);
    }
}
