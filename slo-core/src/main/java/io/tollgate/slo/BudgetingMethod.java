package io.tollgate.slo;

/**
 * How an SLO's error budget is counted. Only {@code Occurrences} (good events / all events over the
 * window) is supported; {@code Timeslices} and {@code RatioTimeslices} are rejected at load time rather
 * than being read as Occurrences.
 */
public enum BudgetingMethod {
    /** OpenSLO {@code Occurrences}: the ratio of bad to total events over the whole window. */
    OCCURRENCES("Occurrences");

    private final String openSloName;

    BudgetingMethod(String openSloName) {
        this.openSloName = openSloName;
    }

    /** The spelling used in OpenSLO documents. */
    public String openSloName() {
        return openSloName;
    }
}
