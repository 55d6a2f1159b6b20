package io.tollgate.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.decision.Reason;
import io.tollgate.decision.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The environment label of tollgate_gate_decisions_total stays bounded whatever callers send. */
class GateMetricsTest {
    private static final Verdict ALLOW = new Verdict.Allow(List.of(new Reason("all_checks_passed", "all release gates passed")));
    private static final Verdict UNKNOWN = new Verdict.Deny(List.of(new Reason("unknown_environment", "environment \"x\" is not a known environment")));
    private static final Verdict UNAVAILABLE = new Verdict.Deny(List.of(new Reason("policy_unavailable", "opa down")));

    @Test
    void labels_environments_the_policy_does_not_know_as_other() {
        var metrics = new GateMetrics();

        metrics.decisionRecorded(ALLOW, "production");
        metrics.decisionRecorded(UNKNOWN, "prod");
        metrics.decisionRecorded(UNKNOWN, "Production");

        String text = new String(metrics.scrape(), StandardCharsets.UTF_8);
        assertThat(text).contains("tollgate_gate_decisions_total{environment=\"production\",outcome=\"allow\"} 1.0");
        assertThat(text).contains("tollgate_gate_decisions_total{environment=\"other\",outcome=\"deny\"} 2.0");
        assertThat(text).doesNotContain("\"prod\"").doesNotContain("\"Production\"");
    }

    @Test
    void caps_distinct_environment_labels_when_the_policy_could_not_judge() {
        var metrics = new GateMetrics();

        for (int i = 0; i < 1000; i++) {
            metrics.decisionRecorded(UNAVAILABLE, "env-" + i);
        }
        metrics.decisionRecorded(UNAVAILABLE, "env-0");

        String text = new String(metrics.scrape(), StandardCharsets.UTF_8);
        long series = Pattern.compile("(?m)^tollgate_gate_decisions_total\\{").matcher(text).results().count();
        assertThat(series).isEqualTo(GateMetrics.MAX_ENVIRONMENT_LABELS + 1);
        assertThat(text).contains("tollgate_gate_decisions_total{environment=\"env-0\",outcome=\"deny\"} 2.0");
        assertThat(text).contains("tollgate_gate_decisions_total{environment=\"other\",outcome=\"deny\"} "
                + (1000 - GateMetrics.MAX_ENVIRONMENT_LABELS) + ".0");
    }
}
