package io.tollgate.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The records refuse values the loader would never produce. */
class ModelTest {

    private static final RatioIndicator INDICATOR = Slos.checkout(0.999).indicator();

    @Test
    void an_slo_refuses_a_target_outside_zero_to_one_and_burn_windows_beyond_its_window() {
        assertThatThrownBy(() -> Slos.checkout(1.0)).hasMessage("target must be in (0,1), got 1.0");
        assertThatThrownBy(() -> new Slo("x", null, "s", 0.99, Duration.ofHours(1), BudgetingMethod.OCCURRENCES,
                INDICATOR, BurnRateRule.WORKBOOK_DEFAULTS, "f.yaml")).hasMessageContaining("longer than the SLO window");
        assertThatThrownBy(() -> new Slo("x", null, "s", 0.99, Duration.ofDays(1), BudgetingMethod.OCCURRENCES,
                INDICATOR, List.of(), "f.yaml")).hasMessage("burnRules must not be empty");
    }

    @Test
    void a_burn_rule_refuses_non_positive_thresholds_and_a_short_window_not_shorter_than_the_long_one() {
        assertThatThrownBy(() -> new BurnRateRule("r", "page", 0, Duration.ofHours(1), Duration.ofMinutes(5)))
                .hasMessage("threshold must be > 0, got 0.0");
        assertThatThrownBy(() -> new BurnRateRule("r", "page", 1, Duration.ofHours(1), Duration.ofHours(1)))
                .hasMessageContaining("shorter than longWindow");
    }

    @Test
    void the_default_short_window_is_a_twelfth_of_the_long_one_in_whole_seconds() {
        assertThat(BurnRateRule.defaultShortWindow(Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(5));
        assertThat(BurnRateRule.defaultShortWindow(Duration.ofDays(3))).isEqualTo(Duration.ofHours(6));
        assertThat(BurnRateRule.defaultShortWindow(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(2));
        assertThat(BurnRateRule.defaultShortWindow(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void an_indicator_refuses_blank_queries() {
        assertThatThrownBy(() -> new RatioIndicator(RatioIndicator.Kind.GOOD_OVER_TOTAL, " ", "t", true, "p"))
                .hasMessage("numeratorQuery must not be blank");
    }

    @Test
    void a_catalog_refuses_duplicate_names_and_finds_by_name_and_service() {
        var slo = Slos.checkout(0.999);
        assertThatThrownBy(() -> new SloCatalog(List.of(slo, slo))).hasMessageContaining("duplicate");
        var catalog = new SloCatalog(List.of(slo));
        assertThat(catalog.find("checkout-availability")).contains(slo);
        assertThat(catalog.forService("payments")).isEmpty();
    }
}
