package io.tollgate.budget;

import io.tollgate.slo.ErrorBudget;
import io.tollgate.slo.Slo;
import java.time.Instant;
import java.util.List;

/**
 * The state of one SLO at one instant, as given to policies and shown by {@code GET /v1/slos}.
 *
 * @param slo          the definition it was computed for
 * @param at           the evaluation time of every query
 * @param problem      null when the state is known; otherwise why not (Prometheus down, no data)
 * @param budget       the error budget over the SLO window; null when {@code problem} is set
 * @param burnRates    one per burn-rate rule; empty when {@code problem} is set
 * @param dataComplete true when the SLI's series reach back over the whole SLO window
 * @param queries      every query that was run, so a decision can be explained from the audit log
 */
public record SloStatus(Slo slo, Instant at, String problem, ErrorBudget budget, List<BurnRateStatus> burnRates,
                        boolean dataComplete, List<String> queries) {

    public SloStatus {
        burnRates = List.copyOf(burnRates);
        queries = List.copyOf(queries);
        if ((problem == null) == (budget == null)) {
            throw new IllegalArgumentException("exactly one of problem and budget must be set");
        }
    }

    public boolean available() {
        return problem == null;
    }

    /** Good events over the SLO window (1 − error ratio), or NaN when unavailable. */
    public double sli() {
        return budget == null ? Double.NaN : 1 - budget.errorRatio();
    }

    /** Burn rates over both windows of one multi-window rule, and whether both reach its threshold. */
    public record BurnRateStatus(String name, String severity, double threshold, java.time.Duration longWindow,
                                 java.time.Duration shortWindow, double longRate, double shortRate) {
        public boolean firing() {
            return longRate >= threshold && shortRate >= threshold;
        }
    }
}
