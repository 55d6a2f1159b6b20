package io.tollgate.slo;

import static io.tollgate.slo.SloFiles.aSlo;
import static io.tollgate.slo.SloFiles.condition;
import static io.tollgate.slo.SloFiles.policy;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several problems in one document or file are all reported together: none hides another. */
class SloProblemsTogetherTest {

    @TempDir
    Path tmp;
    SloFiles files;

    @BeforeEach
    void setUp() {
        files = new SloFiles(tmp);
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
}
