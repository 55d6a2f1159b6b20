package io.tollgate.adapter.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightedSplitTest {
    static Map<String, Object> dest(String name, Integer weight) {
        var d = new java.util.LinkedHashMap<String, Object>(); // ordered: the patch JSON is compared as text
        d.put("name", name);
        if (weight != null) {
            d.put("weight", weight);
        }
        return d;
    }

    static Map<String, Object> spec(Object... rules) {
        return Map.of("rules", List.of(rules));
    }

    static WeightedSplit.Found find(Map<String, Object> spec, String rule) {
        return WeightedSplit.find(spec, BackendRefs.SHAPE, rule, "s", "c");
    }

    @Test
    void finds_the_named_rule_or_the_one_routing_to_stable() {
        var spec = spec(Map.of("name", "other", "backendRefs", List.of(dest("x", 1))),
                Map.of("name", "main", "backendRefs", List.of(dest("s", 90), dest("c", null))));
        assertThat(find(spec, "main")).isEqualTo(new WeightedSplit.Split(new WeightedSplit(1, "rules entry 'main'",
                List.of(dest("s", 90), dest("c", null)), 0, 1, 90, 1)));
        assertThat(find(spec, null)).isEqualTo(find(spec, "main"));
    }

    @Test
    void names_what_is_wrong_with_any_other_shape() {
        assertThat(find(spec(), null)).isEqualTo(new WeightedSplit.Problem("the spec has no rules"));
        assertThat(find(spec(Map.of("backendRefs", List.of(dest("s", 1), dest("c", 1)))), "main"))
                .isEqualTo(new WeightedSplit.Problem("no rules entry named 'main'"));
        var twice = spec(Map.of("backendRefs", List.of(dest("s", 1), dest("c", 1))), Map.of("backendRefs", List.of(dest("s", 1))));
        assertThat(find(twice, null)).isInstanceOfSatisfying(WeightedSplit.Problem.class,
                p -> assertThat(p.reason()).contains("2 rules entries routing to 's'", "name the rule"));
        assertThat(find(spec(Map.of("backendRefs", List.of(dest("s", 1)))), null))
                .isEqualTo(new WeightedSplit.Problem("rules[0] has no destination 'c' (it has [s])"));
        assertThat(find(spec(Map.of("backendRefs", List.of(dest("s", 1), dest("c", 1), dest("c", 0)))), null))
                .isEqualTo(new WeightedSplit.Problem("rules[0] names 'c' more than once"));
        assertThat(find(spec(Map.of("backendRefs", List.of(dest("s", 1), dest("c", 1), dest("x", 2)))), null))
                .isEqualTo(new WeightedSplit.Problem("rules[0] also sends traffic to 'x' (weight 2): Tollgate owns only a two-way split"));
        assertThat(find(spec(Map.of("backendRefs", List.of(dest("s", 1), dest("c", 1), dest("x", 0)))), null))
                .isInstanceOf(WeightedSplit.Split.class);
        assertThat(WeightedSplit.find(spec(), BackendRefs.SHAPE, null, "s", "s"))
                .isEqualTo(new WeightedSplit.Problem("stable and canary are the same destination 's'"));
    }

    @Test
    void the_patch_tests_the_destinations_as_read_before_setting_both_weights() {
        var split = ((WeightedSplit.Split) find(spec(Map.of("backendRefs", List.of(dest("c", null), dest("s", 5)))), null)).split();
        assertThat(split.patch(BackendRefs.SHAPE, 75, 25).json()).isEqualTo("[{\"op\":\"test\",\"path\":\"/spec/rules/0/backendRefs\","
                + "\"value\":[{\"name\":\"c\"},{\"name\":\"s\",\"weight\":5}]},"
                + "{\"op\":\"add\",\"path\":\"/spec/rules/0/backendRefs/1/weight\",\"value\":75},"
                + "{\"op\":\"add\",\"path\":\"/spec/rules/0/backendRefs/0/weight\",\"value\":25}]");
    }

    @Test
    void a_share_is_a_whole_percent_or_says_why_not() {
        assertThat(WeightShare.percent(75, 25)).isEqualTo(25);
        assertThat(WeightShare.percent(1, 1)).isEqualTo(50);
        assertThat(WeightShare.percent(0, 0)).isNull();
        assertThat(WeightShare.why(0, 0)).contains("traffic goes to neither");
        assertThat(WeightShare.percent(2, 1)).isNull();
        assertThat(WeightShare.why(2, 1)).contains("33.33% is not a whole percent");
    }
}
