package io.tollgate.adapter;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The outcome of one {@link SeriesSource} query, as a value that keeps its query. */
public sealed interface SeriesResult permits SeriesResult.Samples, SeriesResult.Unavailable {

    String query();

    /** One series of the answer: its full label set (metric name under {@code __name__}) and its value. */
    record Sample(Map<String, String> labels, double value) {
        public Sample {
            labels = Map.copyOf(labels);
        }
    }

    /** The backend answered; {@code samples} may be empty (no such series yet). */
    record Samples(String query, List<Sample> samples, Instant at) implements SeriesResult {
        public Samples {
            samples = List.copyOf(samples);
        }
    }

    /** The backend could not answer; {@code detail} says why. */
    record Unavailable(String query, String detail) implements SeriesResult {
    }
}
