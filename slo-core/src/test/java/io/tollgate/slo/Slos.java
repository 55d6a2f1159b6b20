package io.tollgate.slo;

import java.time.Duration;
import java.util.List;

/** Ready-made {@link Slo} records for tests that do not need YAML. */
final class Slos {

    private Slos() {
    }

    static Slo checkout(double target) {
        return new Slo("checkout-availability", "Checkout availability", "checkout", target, Duration.ofDays(28),
                BudgetingMethod.OCCURRENCES, new RatioIndicator(RatioIndicator.Kind.GOOD_OVER_TOTAL,
                "http_requests_total{code!~\"5..\"}", "http_requests_total", true, "prometheus"),
                BurnRateRule.WORKBOOK_DEFAULTS, "slo-definitions/checkout.yaml[3]");
    }

    static Slo withIndicator(RatioIndicator indicator) {
        return new Slo("payments", null, "payments", 0.995, Duration.ofDays(28), BudgetingMethod.OCCURRENCES,
                indicator, List.of(BurnRateRule.WORKBOOK_DEFAULTS.getFirst()), "slo-definitions/payments.yaml");
    }
}
