package io.tollgate.adapter;

import java.time.Duration;
import java.util.regex.Pattern;

/** Durations the way operators write them: {@code 250ms}, {@code 2s}, {@code 5m}, {@code 1h}, or ISO-8601 {@code PT2S}. */
public final class DurationText {
    /** What a duration looks like, for "expected ..." messages. */
    public static final String EXPECTED = "expected a duration like 500ms, 2s, 5m, 1h or PT2S";
    private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    private DurationText() {
    }

    /** Returns null when {@code text} is not a duration. */
    public static Duration parse(String text) {
        if (text == null) {
            return null;
        }
        var m = SIMPLE.matcher(text.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The operator's spelling back: {@code 250ms}, {@code 2s}, {@code 5m}, or ISO-8601 for anything else. */
    public static String format(Duration d) {
        if (d.isNegative() || d.toNanosPart() % 1_000_000 != 0) {
            return d.toString();
        }
        long ms = d.toMillis();
        if (ms % 60_000 == 0 && ms != 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 && ms != 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
