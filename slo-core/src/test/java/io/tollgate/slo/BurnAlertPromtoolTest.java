package io.tollgate.slo;

import static io.tollgate.slo.SloFiles.aSlo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the generated alerts with {@code promtool test rules} on synthetic counters: the fast burn fires
 * for a 2% error ratio at a 99.9% target and stays silent for 0.05%.
 */
class BurnAlertPromtoolTest {

    @TempDir
    Path tmp;

    /** One promtool test case: counters of good (200) and bad (500) requests per interval, and the expected alerts. */
    private record Case(String interval, String goodValues, String badValues, String evalTime, List<Map<String, Object>> alerts) {
    }

    private void runPromtool(String rulesYaml, String evaluationInterval, Case... cases) throws Exception {
        runPromtool(rulesYaml, evaluationInterval, PrometheusRules.ALERT, cases);
    }

    @Test
    void fast_burn_fires_for_two_percent_errors_at_three_nines_and_stays_silent_for_five_hundredths() throws Exception {
        var rules = rulesFor(aSlo("checkout-availability").yaml());
        var twoPercent = List.of(expected(rules, "page-fast", "2%"), expected(rules, "page-slow", "2%"),
                expected(rules, "warning-slow", "2%"));

        runPromtool(rules, "1m",
                new Case("1m", "0+98x120", "0+2x120", "70m", twoPercent),
                new Case("1m", "0+1999x120", "0+1x120", "70m", List.of()));
    }

    @Test
    void fast_burn_resets_once_the_short_window_is_clean_while_slower_rules_keep_firing() throws Exception {
        var rules = rulesFor(aSlo("checkout-availability").yaml());
        // 2% errors for an hour, then none: at 70m the 1h window still burns 14.4x+ but the 5m window is clean.
        var value = "1.719%";

        runPromtool(rules, "1m", new Case("1m", "0+98x120", "0+2x60 120+0x60", "70m",
                List.of(expected(rules, "page-slow", value), expected(rules, "warning-slow", value))));
    }

    @Test
    void a_scaled_down_slo_alerts_within_seconds() throws Exception {
        var rules = rulesFor(aSlo("checkout-quick").window("1h").alertPolicies("- alertPolicyRef: quick").yaml(),
                SloFiles.condition("quick-fast", "page", "14.4", "30s", "5s"), SloFiles.policy("quick", "quick-fast"));

        runPromtool(rules, "1s",
                new Case("1s", "0+98x120", "0+2x120", "60s", List.of(expected(rules, "quick-fast", "2%"))),
                new Case("1s", "0+1999x120", "0+1x120", "60s", List.of()));
    }

    @Test
    void fires_when_the_burn_rate_is_exactly_at_the_threshold_and_not_just_below() throws Exception {
        // 75% target, 2x burn: the alert's limit is 2 × 0.25 = 0.5, and equal good and bad counters give
        // an error ratio of exactly 0.5 (both exact in binary floating point), so this tests >= and not >.
        var rules = rulesFor(aSlo("checkout-half").target("0.75").window("1h").alertPolicies("- alertPolicyRef: half").yaml(),
                SloFiles.condition("half-burn", "page", "2", "30s", "5s"), SloFiles.policy("half", "half-burn"));

        runPromtool(rules, "1s",
                new Case("1s", "0+1x120", "0+1x120", "60s", List.of(expected(rules, "half-burn", "50%"))),
                new Case("1s", "0+51x120", "0+49x120", "60s", List.of()));
    }

    @Test
    void alert_when_no_data_fires_once_the_sli_series_stop_and_stays_silent_while_they_report() throws Exception {
        var rules = rulesFor(aSlo("checkout-quick").window("1h").alertPolicies("- alertPolicyRef: quick").yaml(),
                SloFiles.condition("quick-fast", "page", "14.4", "30s", "5s"), SloFiles.noDataPolicy("quick", "quick-fast"));
        var noData = List.of(expected(rules, PrometheusRules.NO_DATA_ALERT, "quick-fast", ""));

        runPromtool(rules, "1s", PrometheusRules.NO_DATA_ALERT,
                // scraped for 30s, then the target is gone: at 60s the 5s window holds no sample
                new Case("1s", "0+98x30 _x90", "0+2x30 _x90", "60s", noData),
                new Case("1s", "0+98x120", "0+2x120", "60s", List.of()),
                // only errors so far, so no good series: the good/total ratio has no value either
                new Case("1s", "_x120", "0+2x120", "60s", noData));
    }

    private String rulesFor(String sloDoc, String... more) {
        return PrometheusRules.generate(new SloFiles(tmp).withCheckout(sloDoc, more).load());
    }

    /** The alert the rule named {@code burnRule} should produce, its description rendered with {@code value}. */
    private static Map<String, Object> expected(String rulesYaml, String burnRule, String value) throws Exception {
        return expected(rulesYaml, PrometheusRules.ALERT, burnRule, value);
    }

    private static Map<String, Object> expected(String rulesYaml, String alertName, String burnRule, String value)
            throws Exception {
        JsonNode rule = PrometheusRulesTest.rules(rulesYaml).stream()
                .filter(r -> r.has("alert") && r.get("alert").asText().equals(alertName)
                        && r.get("labels").get("burn_rule").asText().equals(burnRule))
                .findFirst().orElseThrow();
        var labels = PrometheusRulesTest.YAML.convertValue(rule.get("labels"), Map.class);
        var annotations = new LinkedHashMap<String, String>();
        rule.get("annotations").fields().forEachRemaining(e -> annotations.put(e.getKey(),
                e.getValue().asText().replace("{{ $value | humanizePercentage }}", value)));
        return Map.of("exp_labels", labels, "exp_annotations", annotations);
    }

    private void runPromtool(String rulesYaml, String evaluationInterval, String alertName, Case... cases) throws Exception {
        Files.writeString(tmp.resolve("rules.yaml"), rulesYaml);
        var tests = new ArrayList<Map<String, Object>>();
        for (var c : cases) {
            tests.add(Map.of(
                    "interval", c.interval(),
                    "input_series", List.of(
                            Map.of("series", "http_requests_total{code=\"200\"}", "values", c.goodValues()),
                            Map.of("series", "http_requests_total{code=\"500\"}", "values", c.badValues())),
                    "alert_rule_test", List.of(Map.of("eval_time", c.evalTime(),
                            "alertname", alertName, "exp_alerts", c.alerts()))));
        }
        var testFile = tmp.resolve("rules_test.yaml");
        PrometheusRulesTest.YAML.writeValue(testFile.toFile(), Map.of("rule_files", List.of("rules.yaml"),
                "evaluation_interval", evaluationInterval, "tests", tests));

        assertThat(Promtool.succeeds("test", "rules", testFile.toString())).contains("SUCCESS");
    }
}
