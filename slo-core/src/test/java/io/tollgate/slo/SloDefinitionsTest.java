package io.tollgate.slo;

import static io.tollgate.slo.SloFiles.aSlo;
import static io.tollgate.slo.SloFiles.condition;
import static io.tollgate.slo.SloFiles.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Valid definitions and the records they become. */
class SloDefinitionsTest {

    @TempDir
    Path tmp;
    SloFiles files;

    @BeforeEach
    void setUp() {
        files = new SloFiles(tmp);
    }

    @Test
    void loads_an_slo_whose_sli_and_data_source_are_referenced() {
        files.withCheckout(aSlo("checkout-availability").yaml());

        var slo = files.load().find("checkout-availability").orElseThrow();

        assertThat(slo.service()).isEqualTo("checkout");
        assertThat(slo.displayName()).isEqualTo("checkout-availability");
        assertThat(slo.target()).isEqualTo(0.999);
        assertThat(slo.window()).isEqualTo(Duration.ofDays(28));
        assertThat(slo.budgetingMethod()).isEqualTo(BudgetingMethod.OCCURRENCES);
        assertThat(slo.indicator()).isEqualTo(new RatioIndicator(RatioIndicator.Kind.GOOD_OVER_TOTAL,
                "http_requests_total{code!~\"5..\"}", "http_requests_total", true, "prometheus"));
        assertThat(slo.sourceFile()).isEqualTo("slo-definitions/checkout.yaml[3]");
    }

    @Test
    void reads_target_percent_as_the_same_objective_as_a_target_ratio() {
        files.withCheckout(aSlo("checkout-availability").targetPercent("99.95").yaml());

        assertThat(files.load().slos().getFirst().target()).isEqualTo(0.9995);
    }

    @Test
    void marks_the_rules_of_a_policy_with_alert_when_no_data() {
        files.withCheckout(aSlo("checkout-availability").alertPolicies("- alertPolicyRef: loud\n- alertPolicyRef: quiet").yaml(),
                condition("fast", "page", "14.4", "1h", null), condition("slow", "ticket", "2", "1d", null),
                SloFiles.noDataPolicy("loud", "fast"), policy("quiet", "slow"));

        assertThat(files.load().slos().getFirst().burnRules()).extracting(BurnRateRule::name, BurnRateRule::alertWhenNoData)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("fast", true), org.assertj.core.groups.Tuple.tuple("slow", false));
    }

    @Test
    void accepts_notes_and_the_alert_policy_flags_that_describe_what_tollgate_does() {
        files.withCheckout(aSlo("checkout-availability").alertPolicies("- alertPolicyRef: burn").yaml(),
                condition("fast", "page", "14.4", "1h", null).replace("  name: fast\n",
                        "  name: fast\n  displayName: Fast burn\n  annotations:\n    owner: team-checkout\n"),
                policy("burn", "fast").replace("spec:\n", "spec:\n  description: Pages on a fast burn\n"
                        + "  alertWhenBreaching: true\n  alertWhenResolved: false\n  alertWhenNoData: false\n"));

        assertThat(files.load().slos().getFirst().burnRules()).containsExactly(
                new BurnRateRule("fast", "page", 14.4, Duration.ofHours(1), Duration.ofMinutes(5)));
    }

    @Test
    void applies_the_sre_workbook_burn_rules_when_an_slo_names_no_alert_policy() {
        files.withCheckout(aSlo("checkout-availability").yaml());

        assertThat(files.load().slos().getFirst().burnRules()).containsExactly(
                new BurnRateRule("page-fast", "page", 14.4, Duration.ofHours(1), Duration.ofMinutes(5)),
                new BurnRateRule("page-slow", "page", 6, Duration.ofHours(6), Duration.ofMinutes(30)),
                new BurnRateRule("warning-slow", "warning", 1, Duration.ofDays(3), Duration.ofHours(6)));
    }

    @Test
    void takes_burn_rules_from_referenced_conditions_with_a_twelfth_or_annotated_short_window() {
        files.withCheckout(aSlo("checkout-availability").alertPolicies("- alertPolicyRef: burn").yaml(),
                condition("fast", "page", "14.4", "1h", null), condition("slow", "ticket", "2", "1d", "90m"),
                policy("burn", "fast", "slow"));

        assertThat(files.load().slos().getFirst().burnRules()).containsExactly(
                new BurnRateRule("fast", "page", 14.4, Duration.ofHours(1), Duration.ofMinutes(5)),
                new BurnRateRule("slow", "ticket", 2, Duration.ofDays(1), Duration.ofMinutes(90)));
    }

    @Test
    void accepts_inline_policies_with_inline_conditions_and_alert_after() {
        files.withCheckout(aSlo("checkout-availability").alertPolicies("""
                - kind: AlertPolicy
                  metadata:
                    name: inline-burn
                  spec:
                    conditions:
                      - kind: AlertCondition
                        metadata:
                          name: inline-fast
                        spec:
                          severity: page
                          condition:
                            kind: burnrate
                            threshold: 10
                            lookbackWindow: 2h
                            alertAfter: 2m
                """).yaml());

        assertThat(files.load().slos().getFirst().burnRules()).containsExactly(new BurnRateRule("inline-fast", "page",
                10, Duration.ofHours(2), Duration.ofMinutes(10), Duration.ofMinutes(2)));
    }

    @Test
    void scales_down_to_a_one_hour_slo_with_seconds_burn_windows() {
        files.withCheckout(aSlo("checkout-quick").window("1h").alertPolicies("- alertPolicyRef: quick").yaml(),
                condition("quick-fast", "page", "14.4", "30s", "5s"), policy("quick", "quick-fast"));

        var slo = files.load().slos().getFirst();

        assertThat(slo.window()).isEqualTo(Duration.ofHours(1));
        assertThat(slo.burnRules()).containsExactly(
                new BurnRateRule("quick-fast", "page", 14.4, Duration.ofSeconds(30), Duration.ofSeconds(5)));
    }

    @Test
    void reads_an_inline_bad_over_total_indicator_on_the_default_prometheus() {
        files.write("payments.yaml", SloFiles.SERVICE, aSlo("payments").inlineIndicator("""
                metadata:
                  name: payments-errors
                spec:
                  ratioMetric:
                    counter: false
                    bad:
                      metricSource:
                        type: Prometheus
                        spec:
                          query: job:errors:rate5m{job="payments"}
                    total:
                      metricSource:
                        type: Prometheus
                        spec:
                          query: job:requests:rate5m{job="payments"}
                """).window("4w").yaml());

        var slo = files.load().find("payments").orElseThrow();

        assertThat(slo.window()).isEqualTo(Duration.ofDays(28));
        assertThat(slo.indicator()).isEqualTo(new RatioIndicator(RatioIndicator.Kind.BAD_OVER_TOTAL,
                "job:errors:rate5m{job=\"payments\"}", "job:requests:rate5m{job=\"payments\"}", false,
                RatioIndicator.DEFAULT_DATA_SOURCE));
    }

    @Test
    void reads_top_level_lists_yml_files_and_ignores_other_files() {
        var list = "- " + SloFiles.SERVICE.indent(2).strip() + "\n- " + aSlo("checkout-availability").yaml().indent(2).strip() + "\n";
        files.write("a.yml", SloFiles.DATA_SOURCE, SloFiles.SLI).write("b.yaml", list).write("README.md", "# not yaml");

        var slo = files.load().slos().getFirst();

        assertThat(slo.sourceFile()).isEqualTo("slo-definitions/b.yaml[1]");
    }

    @Test
    void gives_an_empty_catalog_for_a_directory_without_definitions() {
        assertThat(files.load().slos()).isEmpty();
    }

    @Test
    void refuses_a_path_that_is_not_a_directory() {
        assertThatThrownBy(() -> SloDefinitions.load(tmp.resolve("missing")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a directory");
    }
}
