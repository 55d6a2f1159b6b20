package io.tollgate.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.observability.GateMetrics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalysisMetricsTest {

    @Test
    void counts_verdicts_by_label_on_the_service_registry_with_every_series_present_from_the_start() {
        var gate = new GateMetrics();
        var metrics = new AnalysisMetrics(gate.registry());
        var analysis = CanaryAnalysis.start(AnalysisSettings.defaults(), List.of(Metric.errors()));

        metrics.recorded(analysis.look(Map.of("errors", Look.of(10, 0, 10, 0)), Map.of()).result());
        metrics.recorded(analysis.look(Map.of(), Map.of("errors", "prometheus unreachable")).result());
        String text = new String(gate.scrape(), StandardCharsets.UTF_8);

        assertThat(text).contains("tollgate_analysis_verdicts_total{verdict=\"inconclusive\"} 1.0")
                .contains("tollgate_analysis_verdicts_total{verdict=\"error\"} 1.0")
                .contains("tollgate_analysis_verdicts_total{verdict=\"fail\"} 0.0")
                .contains("tollgate_analysis_verdicts_total{verdict=\"pass\"} 0.0");
    }

    @Test
    void the_e_value_gauge_has_series_only_while_a_bake_is_analysed() {
        var gate = new GateMetrics();
        var metrics = new AnalysisMetrics(gate.registry());
        var running = java.util.UUID.fromString("00000000-0000-0000-0000-000000000001");
        var other = java.util.UUID.fromString("00000000-0000-0000-0000-000000000002");

        metrics.eValue(running, "checkout", "errors", 12.5);
        metrics.eValue(running, "checkout", "slower_than_0.5s", 0.5);
        metrics.eValue(other, "search", "errors", 2);
        metrics.bakeEnded(running);
        String text = new String(gate.scrape(), StandardCharsets.UTF_8);

        assertThat(text).contains("tollgate_analysis_e_value{metric=\"errors\",release=\"" + other + "\",service=\"search\"} 2.0")
                .doesNotContain(running.toString());
    }
}
