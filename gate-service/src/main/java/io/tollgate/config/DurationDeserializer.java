package io.tollgate.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Pattern;

/** Reads durations the way operators write them: {@code 250ms}, {@code 2s}, {@code 5m}, {@code 1h}, or ISO-8601 {@code PT2S}. */
final class DurationDeserializer extends StdScalarDeserializer<Duration> {
    private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h)");

    DurationDeserializer() {
        super(Duration.class);
    }

    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        String text = p.getValueAsString();
        Duration parsed = parse(text);
        if (parsed == null) {
            return (Duration) ctxt.handleWeirdStringValue(Duration.class, text,
                    "expected a duration like 500ms, 2s, 5m, 1h or PT2S");
        }
        return parsed;
    }

    /** Returns null when {@code text} is not a duration. */
    static Duration parse(String text) {
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
}
