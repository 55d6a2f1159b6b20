package io.tollgate.adapter;

import java.time.Instant;

/** The outcome of one metrics query, as a value; every case keeps the query that produced it for the audit log. */
public sealed interface MetricResult permits MetricResult.Value, MetricResult.NoData, MetricResult.Unavailable {

    String query();

    /** A number, and the time it describes (the evaluation time of the instant query). */
    record Value(String query, double value, Instant at) implements MetricResult {
    }

    /** The backend answered, but with no series (e.g. no traffic yet, or a misspelled metric). */
    record NoData(String query, Instant at) implements MetricResult {
    }

    /** The backend could not answer: unreachable, timed out, rejected the query. {@code detail} says which. */
    record Unavailable(String query, String detail) implements MetricResult {
    }
}
