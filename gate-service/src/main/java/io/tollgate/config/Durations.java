package io.tollgate.config;

import io.tollgate.adapter.DurationText;
import java.time.Duration;

/** Durations the way operators write them: {@code 250ms}, {@code 2s}, {@code 5m}, {@code 1h}, or ISO-8601 {@code PT2S}. */
public final class Durations {
    static final String EXPECTED = DurationText.EXPECTED;

    private Durations() {
    }

    /** Returns null when {@code text} is not a duration (the grammar adapter sections use too). */
    public static Duration parse(String text) {
        return DurationText.parse(text);
    }

    /** The operator's spelling back: {@code 250ms}, {@code 2s}, {@code 5m}, or ISO-8601 for anything else. */
    public static String format(Duration d) {
        return DurationText.format(d);
    }

    /** {@code d}, or {@code fallback} when not set. @throws ConfigException naming {@code key} when not positive */
    static Duration positive(Duration d, Duration fallback, String key) {
        if (d == null) {
            return fallback;
        }
        if (d.isNegative() || d.isZero()) {
            throw new ConfigException(key, "must be positive, got " + format(d));
        }
        return d;
    }
}
