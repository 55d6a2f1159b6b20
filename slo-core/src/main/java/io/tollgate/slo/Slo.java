package io.tollgate.slo;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A validated SLO, ready for budget math and rule generation.
 *
 * @param name OpenSLO {@code metadata.name}, unique in a catalog
 * @param displayName {@code metadata.displayName}, or the name when absent
 * @param service the Service name
 * @param target objective, strictly between 0 and 1 (0.999 = 99.9%)
 * @param window rolling window
 * @param budgetingMethod always {@link BudgetingMethod#OCCURRENCES} for now
 * @param indicator the ratio SLI
 * @param burnRules burn-rate alerts, never empty (the workbook defaults when the SLO names none); no rule
 *     looks back further than {@code window}
 * @param sourceFile where the SLO was defined, e.g. {@code slo-definitions/checkout.yaml[3]}
 */
public record Slo(String name, String displayName, String service, double target, Duration window,
                  BudgetingMethod budgetingMethod, RatioIndicator indicator, List<BurnRateRule> burnRules,
                  String sourceFile) {

    public Slo {
        requireText(name, "name");
        requireText(service, "service");
        displayName = displayName == null || displayName.isBlank() ? name : displayName;
        if (!(target > 0 && target < 1)) {
            throw new IllegalArgumentException("target must be in (0,1), got " + target);
        }
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        Objects.requireNonNull(budgetingMethod, "budgetingMethod");
        Objects.requireNonNull(indicator, "indicator");
        burnRules = List.copyOf(burnRules);
        if (burnRules.isEmpty()) {
            throw new IllegalArgumentException("burnRules must not be empty");
        }
        var names = new HashSet<String>();
        for (var rule : burnRules) {
            if (rule.longWindow().compareTo(window) > 0) {
                throw new IllegalArgumentException("burn rule " + rule.name() + " looks back "
                        + rule.longWindow() + ", longer than the SLO window " + window);
            }
            if (!names.add(rule.name())) {
                throw new IllegalArgumentException("duplicate burn rule name " + rule.name());
            }
        }
        requireText(sourceFile, "sourceFile");
    }

    /** The error budget as a ratio of events: {@code 1 − target}, computed in decimal (0.999 → exactly 0.001). */
    public double budgetRatio() {
        return ErrorBudget.budgetRatio(target);
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }
}
