package io.tollgate.slo;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Durations as written in OpenSLO documents ({@code 30s}, {@code 5m}, {@code 1h}, {@code 28d}, {@code 4w})
 * and as rendered in PromQL range selectors and rule names ({@code 5m}, {@code 3d}).
 *
 * <p>Only the fixed-length units {@code s m h d w} are accepted. OpenSLO's {@code M}, {@code Q} and
 * {@code Y} are calendar units of varying length; rather than silently picking 30, 90 or 365 days they
 * are rejected.
 */
public final class Durations {

    private static final Pattern FORM = Pattern.compile("([0-9]{1,9})([a-zA-Z]+)");

    private Durations() {
    }

    /**
     * Parses an OpenSLO duration.
     *
     * @throws IllegalArgumentException with a message fit for a validation problem (no location), e.g.
     *     {@code must be a duration like 5m, 1h or 28d (units s, m, h, d, w), got '5 minutes'}
     */
    public static Duration parse(String text) {
        var m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "must be a duration like 5m, 1h or 28d (units s, m, h, d, w), got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            case "w" -> Duration.ofDays(7 * n);
            case "M", "Q", "Y" -> throw new IllegalArgumentException("calendar unit '" + m.group(2)
                    + "' has no fixed length; write the window in days or weeks (e.g. 28d, 4w), got '" + text + "'");
            default -> throw new IllegalArgumentException(
                    "unknown unit '" + m.group(2) + "' (units s, m, h, d, w), got '" + text + "'");
        };
        if (d.isZero()) {
            throw new IllegalArgumentException("must be positive, got '" + text + "'");
        }
        return d;
    }

    /**
     * Renders a positive whole-second duration in Prometheus syntax with the largest unit that divides it
     * exactly: {@code 28d}, {@code 6h}, {@code 90m}, {@code 5s}. Weeks are written as days ({@code 4w} →
     * {@code 28d}) so windows read the same everywhere.
     *
     * @throws IllegalArgumentException for zero, negative or sub-second durations
     */
    public static String toPrometheus(Duration d) {
        if (d.isNegative() || d.isZero() || d.getNano() != 0) {
            throw new IllegalArgumentException("not a positive whole number of seconds: " + d);
        }
        long s = d.getSeconds();
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3_600 == 0) {
            return s / 3_600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
