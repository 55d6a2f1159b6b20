package io.tollgate.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ErrorBudgetTest {

    private static final org.assertj.core.data.Offset<Double> EXACT = within(1e-9);

    @Test
    void burn_rate_is_the_error_ratio_over_the_budget() {
        assertThat(BurnRate.of(0.01, 0.999)).isEqualTo(10.0);
        assertThat(BurnRate.of(0.001, 0.99)).isCloseTo(0.1, EXACT);
        assertThat(BurnRate.of(0.0144, 0.999)).isCloseTo(14.4, EXACT);
        assertThat(BurnRate.of(0, 0.999)).isZero();
    }

    @Test
    void an_error_ratio_ten_times_the_budget_overspends_it_nine_times() {
        var budget = ErrorBudget.of(Slos.checkout(0.999), 0.01, 1_000_000);

        assertThat(budget.burnRate()).isEqualTo(10.0);
        assertThat(budget.consumed()).isEqualTo(10.0);
        assertThat(budget.remaining()).isEqualTo(-9.0);
        assertThat(budget.exhausted()).isTrue();
        assertThat(budget.remainingMinutes()).isCloseTo(-362.88, EXACT);
        assertThat(budget.allowedBadEvents()).isCloseTo(1_000, EXACT);
        assertThat(budget.badEvents()).isCloseTo(10_000, EXACT);
        assertThat(budget.remainingEvents()).isCloseTo(-9_000, EXACT);
    }

    @Test
    void an_error_ratio_a_tenth_of_the_budget_leaves_ninety_percent() {
        var budget = ErrorBudget.of(Slos.checkout(0.99), 0.001, 50_000);

        assertThat(budget.burnRate()).isCloseTo(0.1, EXACT);
        assertThat(budget.consumed()).isCloseTo(0.1, EXACT);
        assertThat(budget.remaining()).isCloseTo(0.9, EXACT);
        assertThat(budget.exhausted()).isFalse();
        assertThat(budget.remainingMinutes()).isCloseTo(362.88, EXACT);
        assertThat(budget.allowedBadEvents()).isCloseTo(500, EXACT);
        assertThat(budget.badEvents()).isCloseTo(50, EXACT);
        assertThat(budget.remainingEvents()).isCloseTo(450, EXACT);
    }

    @Test
    void a_perfect_window_keeps_the_whole_budget_of_about_forty_minutes_at_three_nines() {
        var budget = ErrorBudget.of(Slos.checkout(0.999), 0, 10);

        assertThat(budget.remaining()).isEqualTo(1.0);
        assertThat(budget.remainingMinutes()).isCloseTo(40.32, EXACT);
    }

    @Test
    void computes_the_budget_ratio_in_decimal() {
        assertThat(ErrorBudget.budgetRatio(0.999)).isEqualTo(0.001);
        assertThat(ErrorBudget.budgetRatio(0.9995)).isEqualTo(0.0005);
    }

    @Test
    void refuses_a_nan_error_ratio_from_a_window_without_traffic() {
        assertThatThrownBy(() -> ErrorBudget.of(Slos.checkout(0.999), Double.NaN, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no traffic");
        assertThatThrownBy(() -> BurnRate.of(1.5, 0.999)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BurnRate.of(0.1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ErrorBudget.of(Slos.checkout(0.999), 0.1, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
