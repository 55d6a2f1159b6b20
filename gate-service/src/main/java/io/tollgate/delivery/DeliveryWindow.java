package io.tollgate.delivery;

import java.time.Duration;
import java.util.regex.Pattern;

/** The span the metrics look back over, written {@code 30d} or {@code 12h}: 1 hour to 366 days. */
public record DeliveryWindow(String text, Duration duration) {
    private static final Pattern FORMAT = Pattern.compile("([1-9][0-9]{0,3})([dh])");
    private static final Duration MAX = Duration.ofDays(366);

    /** The default window of the API and the gauges. */
    public static final DeliveryWindow THIRTY_DAYS = parse("30d");

    /** @throws IllegalArgumentException with a message saying what is accepted */
    public static DeliveryWindow parse(String text) {
        var m = text == null ? null : FORMAT.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("must be a number of days or hours like 30d or 12h, got \"" + text + "\"");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = m.group(2).equals("d") ? Duration.ofDays(n) : Duration.ofHours(n);
        if (d.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("must be at most 366d, got \"" + text + "\"");
        }
        return new DeliveryWindow(text, d);
    }

    /** The window's length in days (fractional for hours), the unit of deployment frequency. */
    public double days() {
        return duration.toSeconds() / 86_400.0;
    }
}
