package io.tollgate.adapter;

import java.time.Instant;

/** Reads SLI numbers from a metrics backend (e.g. the Prometheus HTTP API). Implementations are thread-safe. */
public interface MetricsSource {

    /** The provider name used in configuration, e.g. {@code prometheus}. */
    String type();

    /**
     * Evaluates {@code query} (in the backend's language, e.g. PromQL) as an instant query at {@code at}
     * and returns its single numeric value. Never throws for a backend failure: an unreachable or
     * failing backend gives {@link MetricResult.Unavailable}; an empty result gives
     * {@link MetricResult.NoData}; a result with more than one series gives Unavailable naming it.
     */
    MetricResult queryScalar(String query, Instant at);

    /** Null when the backend answers a trivial query within its timeout, else a one-line problem. */
    String healthProblem();
}
