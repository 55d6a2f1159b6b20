package io.tollgate.adapter;

import java.time.Instant;

/**
 * An optional ability of a {@link MetricsSource}: every series an instant query returns, with its labels, instead of
 * one number. Canary analysis needs it to take counter deltas per series, so that one restarted instance (a counter
 * reset) does not distort a sum over instances.
 */
public interface SeriesSource {

    /**
     * Evaluates {@code query} (typically a plain selector of raw counters, no {@code rate()}) as an instant query at
     * {@code at} (null: the latest data). Never throws for a backend failure: an unreachable or failing backend, or a
     * result that is not an instant vector, gives {@link SeriesResult.Unavailable}; an empty vector gives
     * {@link SeriesResult.Samples} without samples. NaN values are left out; infinite values make the result Unavailable.
     */
    SeriesResult querySeries(String query, Instant at);
}
