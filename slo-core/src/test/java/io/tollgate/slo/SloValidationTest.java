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
    void an_alert_policy_with_a_bad_name_still_reports_every_other_problem_of_its_document() {
        var policy = """
                apiVersion: openslo/v1
                kind: AlertPolicy
                metadata:
                  name: Checkout_Burn
                spec:
                  alertWhenBreaching: false
                  severity: page
                  conditions:
                    - conditionRef: missing
                    - kind: AlertCondition
                      metadata:
                        name: Inline_Fast
                      spec:
                        condition: {kind: burnrate, op: lt, threshold: -1, lookbackWindow: 1h}
                """;
        files.withCheckout(aSlo("checkout-availability").yaml(), policy);

        var at = "slo-definitions/checkout.yaml[4]: ";
        var dnsLabel = "must be a DNS label (lowercase letters, digits and '-', at most 63 characters), got ";
        assertThat(files.problems()).containsExactly(
                at + "metadata.name: " + dnsLabel + "'Checkout_Burn'",
                at + "spec.severity: unknown field (expected one of: alertWhenBreaching, alertWhenNoData, "
                        + "alertWhenResolved, conditions, description, notificationTargets)",
                at + "spec.alertWhenBreaching: false is not supported: Tollgate burn-rate alerts fire while the budget burns too fast",
                at + "spec.conditions[1].metadata.name: " + dnsLabel + "'Inline_Fast'",
                at + "spec.conditions[1].spec.severity: required",
                at + "spec.conditions[1].spec.condition.op: 'lt' is not supported; a burn-rate alert fires when the "
                        + "burn rate is at or above the threshold (op: gte), in the generated rules and in the gate policies alike",
                at + "spec.conditions[1].spec.condition.threshold: must be > 0, got -1",
                at + "spec.conditions[0].conditionRef: no AlertCondition named 'missing' (none is defined)");
    }

    @Test
    void a_duplicate_or_badly_named_slo_still_reports_the_problems_of_its_spec_and_references() {
        files.withCheckout(aSlo("checkout-availability").yaml(),
                aSlo("checkout-availability").target("1.5").indicatorRef("nope").yaml(),
                aSlo("Checkout").window("1w").alertPolicies("""
                        - kind: AlertPolicy
                          metadata:
                            name: Inline
                          spec:
                            conditions:
                              - conditionRef: gone
                        """).yaml());

        assertThat(files.problems()).containsExactly(
                "slo-definitions/checkout.yaml[4]: metadata.name: duplicate SLO name 'checkout-availability', "
                        + "first defined in slo-definitions/checkout.yaml[3]",
                "slo-definitions/checkout.yaml[4]: spec.objectives[0].target: must be in (0,1), got 1.5",
                "slo-definitions/checkout.yaml[5]: metadata.name: must be a DNS label (lowercase letters, digits and '-', "
                        + "at most 63 characters), got 'Checkout'",
                "slo-definitions/checkout.yaml[5]: spec.alertPolicies[0].metadata.name: must be a DNS label (lowercase "
                        + "letters, digits and '-', at most 63 characters), got 'Inline'",
                "slo-definitions/checkout.yaml[4]: spec.indicatorRef: no SLI named 'nope' (defined: checkout-http-success)",
                "slo-definitions/checkout.yaml[5]: spec.alertPolicies[0].spec.conditions[0].conditionRef: no AlertCondition "
                        + "named 'gone' (none is defined)");
    }

    @Test
    void rejects_every_field_that_would_have_no_effect_all_in_one_run() {
        var policy = """
                apiVersion: openslo/v1
                kind: AlertPolicy
                metadata:
                  name: burn
                  labels:
                    team: checkout
                  annotations:
                    tollgate.io/short-window: 5m
                spec:
                  alertWhenResolved: true
                  conditions:
                    - conditionRef: fast
                  notificationTargets:
                    - targetRef: on-call
                """;
        var dataSource = SloFiles.DATA_SOURCE.replace("name: prometheus", "name: thanos")
                + "  connectionDetails:\n    url: http://thanos:9090\n";
        files.withCheckout(aSlo("checkout-availability").alertPolicies("- alertPolicyRef: burn").yaml(),
                condition("fast", "page", "14.4", "1h", null).replace("  name: fast\n",
                        "  name: fast\n  annotations:\n    tollgate.io/shortwindow: 5m\n    owner: team-checkout\n"),
                policy, dataSource,
                "apiVersion: openslo/v1\nkind: AlertNotificationTarget\nmetadata:\n  name: on-call\nspec:\n  target: email\n");

        assertThat(files.problems()).containsExactly(
                "slo-definitions/checkout.yaml[4]: metadata.annotations[tollgate.io/shortwindow]: unknown Tollgate annotation; "
                        + "the only one is tollgate.io/short-window (on an AlertCondition)",
                "slo-definitions/checkout.yaml[5]: metadata.labels: not supported: Tollgate selects nothing by label and "
                        + "does not copy labels to the generated rules; remove them (annotations are kept as notes)",
                "slo-definitions/checkout.yaml[5]: metadata.annotations[tollgate.io/short-window]: applies only to an "
                        + "AlertCondition, not to this AlertPolicy",
                "slo-definitions/checkout.yaml[5]: spec.alertWhenResolved: true is not supported: Tollgate generates no "
                        + "alert when a condition resolves; whether the end of an alert is notified is the send_resolved "
                        + "setting of the Alertmanager receiver",
                "slo-definitions/checkout.yaml[5]: spec.notificationTargets: not supported: Tollgate does not send "
                        + "notifications; route the generated alerts with Alertmanager on their severity, slo, service "
                        + "and burn_rule labels",
                "slo-definitions/checkout.yaml[6]: spec.connectionDetails: not supported: Tollgate queries the Prometheus "
                        + "of its configuration (slo.prometheusUrl), whatever a DataSource says; remove connectionDetails",
                "slo-definitions/checkout.yaml[7]: kind: AlertNotificationTarget is not supported: Tollgate does not "
                        + "send notifications; route the generated alerts with Alertmanager on their severity, slo, "
                        + "service and burn_rule labels");
    }

    @Test
    void names_the_file_without_a_document_index_when_it_holds_one_document() {
        files.write("a.yaml", SloFiles.DATA_SOURCE, SERVICE, SloFiles.SLI)
                .write("b.yaml", aSlo("checkout-availability").target("0").yaml());

        assertThat(files.problems()).containsExactly("slo-definitions/b.yaml: spec.objectives[0].target: must be in (0,1), got 0");
    }
}
