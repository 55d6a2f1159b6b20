package io.tollgate.slo;

import static io.tollgate.slo.SloFiles.SERVICE;
import static io.tollgate.slo.SloFiles.aSlo;
import static io.tollgate.slo.SloFiles.condition;
import static io.tollgate.slo.SloFiles.policy;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each class of invalid definition, with the exact message it produces. */
class SloValidationTest {

    private static final String AT = "slo-definitions/checkout.yaml[3]: ";

    @TempDir
    Path tmp;
    SloFiles files;

    @BeforeEach
    void setUp() {
        files = new SloFiles(tmp);
    }

    @Test
    void rejects_a_target_outside_zero_to_one() {
        files.withCheckout(aSlo("checkout-availability").target("1.5").yaml());

        assertThat(files.problems()).containsExactly(AT + "spec.objectives[0].target: must be in (0,1), got 1.5");
    }

    @Test
    void rejects_target_and_target_percent_together_and_an_objective_with_neither() {
        files.withCheckout(aSlo("checkout-availability").objectiveField("targetPercent: 99.9").yaml(),
                aSlo("checkout-none").objectiveField("displayName: nothing").yaml().replace("- target: 0.999\n      ", "- "));

        assertThat(files.problems()).containsExactly(
                AT + "spec.objectives[0].targetPercent: give either target (a ratio, e.g. 0.999) or targetPercent "
                        + "(e.g. 99.9), not both",
                "slo-definitions/checkout.yaml[4]: spec.objectives[0].target: required (a ratio, e.g. 0.999), or "
                        + "targetPercent (e.g. 99.9)");
    }

    @Test
    void rejects_a_target_percent_outside_zero_to_a_hundred() {
        files.withCheckout(aSlo("checkout-availability").targetPercent("100").yaml(),
                aSlo("checkout-ratio").targetPercent("0.5").yaml().replace("0.5", "'99'"));

        assertThat(files.problems()).containsExactly(
                AT + "spec.objectives[0].targetPercent: must be in (0,100), got 100",
                "slo-definitions/checkout.yaml[4]: spec.objectives[0].targetPercent: must be a number, got '99'");
    }

    @Test
    void rejects_an_indicator_ref_to_a_missing_sli() {
        files.withCheckout(aSlo("checkout-availability").indicatorRef("checkout-latency").yaml());

        assertThat(files.problems()).containsExactly(
                AT + "spec.indicatorRef: no SLI named 'checkout-latency' (defined: checkout-http-success)");
    }

    @Test
    void rejects_timeslices_budgeting_instead_of_reading_it_as_occurrences() {
        files.withCheckout(aSlo("checkout-availability").budgeting("Timeslices").yaml(),
                aSlo("checkout-ratio").budgeting("RatioTimeslices").yaml());

        assertThat(files.problems()).containsExactly(
                AT + "spec.budgetingMethod: Timeslices budgeting is not supported yet; use Occurrences",
                "slo-definitions/checkout.yaml[4]: spec.budgetingMethod: RatioTimeslices budgeting is not supported yet; use Occurrences");
    }

    @Test
    void rejects_time_slice_fields_of_an_objective() {
        files.withCheckout(aSlo("checkout-availability").objectiveField("timeSliceTarget: 0.95").yaml());

        assertThat(files.problems()).containsExactly(AT
                + "spec.objectives[0].timeSliceTarget: Timeslices budgeting is not supported yet; use Occurrences");
    }

    @Test
    void rejects_an_unknown_kind() {
        files.withCheckout(aSlo("checkout-availability").yaml())
                .write("extra.yaml", "apiVersion: openslo/v1\nkind: Dashboard\nmetadata:\n  name: x\nspec: {}\n");

        assertThat(files.problems()).containsExactly("slo-definitions/extra.yaml: kind: unknown kind 'Dashboard', "
                + "expected one of AlertCondition, AlertPolicy, DataSource, SLI, SLO, Service");
    }

    @Test
    void rejects_a_duplicate_slo_name_across_files() {
        files.withCheckout(aSlo("checkout-availability").yaml())
                .write("more.yaml", aSlo("checkout-availability").target("0.99").yaml());

        assertThat(files.problems()).containsExactly("slo-definitions/more.yaml: metadata.name: duplicate SLO name "
                + "'checkout-availability', first defined in slo-definitions/checkout.yaml[3]");
    }

    @Test
    void reports_malformed_yaml_with_its_line_and_column() {
        files.withCheckout(aSlo("checkout-availability").yaml())
                .write("broken.yaml", "apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: x\n  labels: [a, b\n");

        assertThat(files.problems()).singleElement().asString()
                .isEqualTo("slo-definitions/broken.yaml: line 6, column 1: malformed YAML: while parsing a flow sequence: "
                        + "expected ',' or ']', but got <stream end>");
    }

    @Test
    void reports_duplicate_yaml_keys_with_their_line() {
        files.write("dup.yaml", "apiVersion: openslo/v1\nkind: Service\nkind: SLO\n");

        assertThat(files.problems()).singleElement().asString()
                .startsWith("slo-definitions/dup.yaml: line 3, column ").contains("malformed YAML: Duplicate field 'kind'");
    }

    @Test
    void rejects_a_burn_window_longer_than_the_slo_window() {
        files.withCheckout(aSlo("checkout-availability").window("1h").alertPolicies("- alertPolicyRef: burn").yaml(),
                condition("slow", "page", "6", "6h", null), policy("burn", "slow"));

        assertThat(files.problems()).containsExactly(AT
                + "spec.alertPolicies[0].alertPolicyRef: alert condition 'slow' looks back 6h, longer than the SLO window 1h");
    }

    @Test
    void rejects_default_burn_rules_that_do_not_fit_a_short_slo_window() {
        files.withCheckout(aSlo("checkout-availability").window("2h").yaml());

        assertThat(files.problems()).containsExactly(
                AT + "spec.alertPolicies: none is given, so the SRE workbook rules apply, but rule 'page-slow' looks back 6h, longer than the SLO window 2h",
                AT + "spec.alertPolicies: none is given, so the SRE workbook rules apply, but rule 'warning-slow' looks back 3d, longer than the SLO window 2h");
    }

    @Test
    void rejects_a_burn_rule_that_could_never_fire() {
        files.withCheckout(aSlo("checkout-availability").target("0.9").yaml());

        assertThat(files.problems()).containsExactly(AT + "spec.alertPolicies: none is given, so the SRE workbook "
                + "rules apply, but rule 'page-fast' needs an error ratio of 14.4 × 0.1 = 1.44 (> 1) and could never fire");
    }

    @Test
    void rejects_op_gt_because_every_comparison_is_at_or_above_the_threshold() {
        files.withCheckout(aSlo("checkout-availability").alertPolicies("- alertPolicyRef: burn").yaml(),
                condition("fast", "page", "14.4", "1h", null).replace("op: gte", "op: gt"), policy("burn", "fast"));

        assertThat(files.problems()).containsExactly("slo-definitions/checkout.yaml[4]: spec.condition.op: 'gt' is not "
                + "supported; a burn-rate alert fires when the burn rate is at or above the threshold (op: gte), in the "
                + "generated rules and in the gate policies alike");
    }

    @Test
    void accepts_a_rule_that_fires_only_at_a_hundred_percent_errors() {
        files.withCheckout(aSlo("checkout-availability").target("0.9").alertPolicies("- alertPolicyRef: burn").yaml(),
                condition("all", "page", "10", "1h", null), policy("burn", "all"));

        assertThat(files.load().slos().getFirst().burnRules()).extracting(BurnRateRule::threshold).containsExactly(10.0);
    }

    @Test
    void rejects_a_malformed_duration() {
        files.withCheckout(aSlo("checkout-availability").window("28 days").yaml());

        assertThat(files.problems()).containsExactly(AT + "spec.timeWindow[0].duration: must be a duration like 5m, "
                + "1h or 28d (units s, m, h, d, w), got '28 days'");
    }

    @Test
    void rejects_zero_durations_and_calendar_units() {
        files.withCheckout(aSlo("checkout-availability").window("0d").yaml(), aSlo("monthly").window("1M").yaml());

        assertThat(files.problems()).containsExactly(
                AT + "spec.timeWindow[0].duration: must be positive, got '0d'",
                "slo-definitions/checkout.yaml[4]: spec.timeWindow[0].duration: calendar unit 'M' has no fixed length; "
                        + "write the window in days or weeks (e.g. 28d, 4w), got '1M'");
    }

    @Test
    void rejects_non_positive_thresholds_and_a_short_window_not_shorter_than_the_long_one() {
        files.withCheckout(aSlo("checkout-availability").alertPolicies("- alertPolicyRef: burn").yaml(),
                condition("zero", "page", "0", "1h", null), condition("wide", "page", "2", "1h", "1h"),
                policy("burn", "zero", "wide"));

        assertThat(files.problems()).containsExactly(
                "slo-definitions/checkout.yaml[4]: spec.condition.threshold: must be > 0, got 0",
                "slo-definitions/checkout.yaml[5]: metadata.annotations[tollgate.io/short-window]: must be shorter than lookbackWindow 1h, got 1h");
    }

    @Test
    void rejects_references_to_missing_policies_conditions_and_data_sources() {
        var sli = SloFiles.SLI.replace("metricSourceRef: prometheus\n        spec:\n          query: http_requests_total\n",
                "metricSourceRef: thanos\n        spec:\n          query: http_requests_total\n");
        files.write("checkout.yaml", SloFiles.DATA_SOURCE, SERVICE, sli,
                aSlo("checkout-availability").alertPolicies("- alertPolicyRef: burn\n- alertPolicyRef: paging").yaml(),
                policy("burn", "fast"));

        assertThat(files.problems()).containsExactly(
                "slo-definitions/checkout.yaml[2]: spec.ratioMetric.total.metricSource.metricSourceRef: no DataSource named 'thanos' (defined: prometheus)",
                "slo-definitions/checkout.yaml[4]: spec.conditions[0].conditionRef: no AlertCondition named 'fast' (none is defined)",
                AT + "spec.alertPolicies[1].alertPolicyRef: no AlertPolicy named 'paging' (defined: burn)");
    }

    @Test
    void rejects_threshold_metric_slis_and_non_prometheus_sources() {
        var threshold = """
                apiVersion: openslo/v1
                kind: SLI
                metadata:
                  name: lag
                spec:
                  thresholdMetric:
                    metricSource:
                      type: Prometheus
                      spec:
                        query: kafka_lag
                """;
        var datadog = "apiVersion: openslo/v1\nkind: DataSource\nmetadata:\n  name: dd\nspec:\n  type: Datadog\n";
        files.withCheckout(aSlo("checkout-availability").yaml(), threshold, datadog);

        assertThat(files.problems()).containsExactly(
                "slo-definitions/checkout.yaml[4]: spec.thresholdMetric: thresholdMetric SLIs are not supported; "
                        + "Tollgate needs a ratioMetric (good/total or bad/total)",
                "slo-definitions/checkout.yaml[5]: spec.type: unsupported data source type 'Datadog'; only Prometheus is supported");
    }

    @Test
    void rejects_queries_that_are_not_selectors_and_inline_sources_of_another_type() {
        files.withCheckout(aSlo("checkout-availability").inlineIndicator("""
                spec:
                  ratioMetric:
                    counter: true
                    bad:
                      metricSource:
                        type: Datadog
                        spec:
                          query: errors
                    total:
                      metricSource:
                        type: Prometheus
                        spec:
                          query: sum(http_requests_total)
                """).yaml());

        assertThat(files.problems()).containsExactly(
                AT + "spec.indicator.spec.ratioMetric.bad.metricSource.type: unsupported metric source type 'Datadog'; only Prometheus is supported",
                AT + "spec.indicator.spec.ratioMetric.total.metricSource.spec.query: must be a metric selector such as "
                        + "http_requests_total{code!~\"5..\"} (Tollgate wraps it in rate(...[window])), got 'sum(http_requests_total)'");
    }

    @Test
    void rejects_unknown_fields_wrong_api_version_and_calendar_windows() {
        var slo = aSlo("checkout-availability").yaml().replace("openslo/v1", "openslo/v1alpha")
                .replace("isRolling: true", "isRolling: false").replace("  service: checkout\n", "  service: checkout\n  owner: team-a\n");
        files.withCheckout(slo);

        assertThat(files.problems()).containsExactly(
                AT + "apiVersion: unsupported 'openslo/v1alpha', expected openslo/v1",
                AT + "spec.owner: unknown field (expected one of: alertPolicies, budgetingMethod, description, indicator, "
                        + "indicatorRef, objectives, service, timeWindow)",
                AT + "spec.timeWindow[0].isRolling: calendar-aligned windows are not supported yet; use isRolling: true");
    }

    @Test
    void collects_every_problem_of_every_file_before_failing() {
        files.withCheckout(aSlo("checkout-availability").target("1.5").budgeting("Timeslices").yaml())
                .write("payments.yaml", aSlo("payments").window("5 minutes").indicatorRef("nope").yaml());

        assertThat(files.problems()).hasSize(4);
    }

    @Test
    void names_the_file_without_a_document_index_when_it_holds_one_document() {
        files.write("a.yaml", SloFiles.DATA_SOURCE, SERVICE, SloFiles.SLI)
                .write("b.yaml", aSlo("checkout-availability").target("0").yaml());

        assertThat(files.problems()).containsExactly("slo-definitions/b.yaml: spec.objectives[0].target: must be in (0,1), got 0");
    }
}
