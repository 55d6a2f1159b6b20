package io.tollgate.slo;

import static io.tollgate.slo.SloFiles.aSlo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated rule file: its shape, and the real {@code promtool check rules}. */
class PrometheusRulesTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path tmp;

    static List<JsonNode> rules(String rulesYaml) throws Exception {
        var rules = new ArrayList<JsonNode>();
        YAML.readTree(rulesYaml).get("groups").forEach(g -> g.get("rules").forEach(rules::add));
        return rules;
    }

    @Test
    void records_the_error_ratio_once_per_distinct_burn_window() throws Exception {
        var yaml = PrometheusRules.generate(new SloCatalog(List.of(Slos.checkout(0.999))));

        var recorded = rules(yaml).stream().filter(r -> r.has("record")).toList();

        assertThat(recorded).extracting(r -> r.get("record").asText()).containsExactly(
                "tollgate:slo_error_ratio:rate5m", "tollgate:slo_error_ratio:rate30m", "tollgate:slo_error_ratio:rate1h",
                "tollgate:slo_error_ratio:rate6h", "tollgate:slo_error_ratio:rate3d");
        assertThat(recorded.getFirst().get("expr").asText()).isEqualTo(
                PromQueries.errorRatio(Slos.checkout(0.999), Duration.ofMinutes(5)));
        assertThat(recorded.getFirst().get("labels").toString())
                .isEqualTo("{\"slo\":\"checkout-availability\",\"service\":\"checkout\"}");
    }

    @Test
    void alerts_when_both_windows_are_at_or_above_threshold_times_budget() throws Exception {
        var yaml = PrometheusRules.generate(new SloCatalog(List.of(Slos.checkout(0.999))));

        var fast = rules(yaml).stream().filter(r -> r.has("alert")).findFirst().orElseThrow();

        assertThat(fast.get("alert").asText()).isEqualTo("TollgateErrorBudgetBurn");
        assertThat(fast.get("expr").asText()).isEqualTo("""
                tollgate:slo_error_ratio:rate1h{slo="checkout-availability",service="checkout"} >= (14.4 * 0.001)
                and
                tollgate:slo_error_ratio:rate5m{slo="checkout-availability",service="checkout"} >= (14.4 * 0.001)""");
        assertThat(fast.has("for")).isFalse();
        assertThat(fast.get("labels").toString()).isEqualTo("{\"severity\":\"page\",\"slo\":\"checkout-availability\","
                + "\"service\":\"checkout\",\"burn_rule\":\"page-fast\",\"long_window\":\"1h\",\"short_window\":\"5m\"}");
        assertThat(fast.get("annotations").get("description").asText()).isEqualTo("Error ratio over 1h is "
                + "{{ $value | humanizePercentage }}; this alert fires at or above 1.44% (14.4 x the 0.1% error budget of "
                + "the 99.9% target) over both 1h and 5m. At 14.4x the 28d budget lasts 46.7 hours.");
    }

    @Test
    void adds_a_no_data_alert_for_each_rule_of_a_policy_with_alert_when_no_data() throws Exception {
        var files = new SloFiles(tmp).withCheckout(aSlo("checkout-availability")
                        .alertPolicies("- alertPolicyRef: loud\n- alertPolicyRef: quiet").yaml(),
                SloFiles.condition("fast", "page", "14.4", "1h", null), SloFiles.condition("slow", "ticket", "1", "3d", null),
                SloFiles.noDataPolicy("loud", "fast"), SloFiles.policy("quiet", "slow"));

        var noData = rules(PrometheusRules.generate(files.load())).stream()
                .filter(r -> r.has("alert") && r.get("alert").asText().equals(PrometheusRules.NO_DATA_ALERT)).toList();

        assertThat(noData).singleElement().satisfies(alert -> {
            assertThat(alert.get("expr").asText()).isEqualTo("""
                    absent(tollgate:slo_error_ratio:rate1h{slo="checkout-availability",service="checkout"})
                    or
                    absent(tollgate:slo_error_ratio:rate5m{slo="checkout-availability",service="checkout"})""");
            assertThat(alert.get("labels").toString()).isEqualTo("{\"severity\":\"page\",\"slo\":\"checkout-availability\","
                    + "\"service\":\"checkout\",\"burn_rule\":\"fast\",\"long_window\":\"1h\",\"short_window\":\"5m\"}");
            assertThat(alert.get("annotations").get("description").asText()).isEqualTo("The error ratio over 1h or 5m has "
                    + "no value: no series matched the SLI queries (total: http_requests_total) in that window, so the "
                    + "14.4x burn-rate alert cannot fire. Check the scrape targets and the queries of the SLI.");
        });
    }

    @Test
    void maps_alert_after_to_for() throws Exception {
        var rule = new BurnRateRule("fast", "page", 14.4, Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofMinutes(2));
        var slo = Slos.checkout(0.999);
        slo = new Slo(slo.name(), slo.displayName(), slo.service(), slo.target(), slo.window(), slo.budgetingMethod(),
                slo.indicator(), List.of(rule), slo.sourceFile());

        var alert = rules(PrometheusRules.generate(new SloCatalog(List.of(slo)))).stream()
                .filter(r -> r.has("alert")).findFirst().orElseThrow();

        assertThat(alert.get("for").asText()).isEqualTo("2m");
    }

    @Test
    void promtool_accepts_the_rules_of_the_repository_definitions() throws Exception {
        var file = tmp.resolve("rules.yaml");
        Files.writeString(file, PrometheusRules.generate(SloDefinitions.load(RepoSloDefinitionsTest.repoDefinitions())));

        assertThat(Promtool.succeeds("check", "rules", file.toString())).contains("SUCCESS: 16 rules found");
    }

    @Test
    void promtool_accepts_the_rules_of_a_scaled_down_slo_with_seconds_windows() throws Exception {
        var files = new SloFiles(tmp).withCheckout(aSlo("checkout-quick").window("1h").alertPolicies("- alertPolicyRef: quick").yaml(),
                SloFiles.condition("quick-fast", "page", "14.4", "30s", "5s"), SloFiles.policy("quick", "quick-fast"));
        var file = tmp.resolve("rules.yaml");
        var yaml = PrometheusRules.generate(files.load());
        Files.writeString(file, yaml);

        assertThat(yaml).contains("record: tollgate:slo_error_ratio:rate5s", "record: tollgate:slo_error_ratio:rate30s");
        assertThat(Promtool.succeeds("check", "rules", file.toString())).contains("SUCCESS: 3 rules found");
    }
}
