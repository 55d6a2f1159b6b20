package io.tollgate.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Durations as people type them ({@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}, {@code 7d}, or ISO-8601) and "since" values. */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private Durations() {
    }

    /** Parses {@code text} for option {@code option}, or fails with exit 3 naming the option. */
    public static Duration parse(String option, String text) {
        String t = text.trim();
        var m = SHORT.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            Duration d = Duration.parse(t.toUpperCase(java.util.Locale.ROOT));
            if (!d.isNegative()) {
                return d;
            }
        } catch (DateTimeParseException notIso) {
            // fall through to the one message below
        }
        throw CliFailure.usage(option + ": expected a duration like 500ms, 30s, 10m, 1h or 7d, got \"" + text + "\"");
    }

    /** A "since" value: an RFC 3339 time, or a duration meaning that long before {@code now}. */
    public static Instant since(String option, String text, Instant now) {
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException notAnInstant) {
            try {
                return now.minus(parse(option, text));
            } catch (CliFailure e) {
                throw CliFailure.usage(option + ": expected an RFC 3339 time (2026-11-24T10:00:00Z) or a duration like 7d, got \""
                        + text + "\"");
            }
        }
    }

    /** {@code 1m30s}, {@code 250ms}, {@code 2h}: short and exact enough for progress lines. */
    public static String format(Duration d) {
        if (d.toMillis() < 1000) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
        }
        return (s / 3600) + "h" + (s % 3600 / 60 == 0 ? "" : (s % 3600 / 60) + "m");
    }
}
