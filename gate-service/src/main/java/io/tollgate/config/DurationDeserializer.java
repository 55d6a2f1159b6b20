package io.tollgate.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.time.Duration;

/** Binds YAML durations through {@link Durations#parse}. */
final class DurationDeserializer extends StdScalarDeserializer<Duration> {

    DurationDeserializer() {
        super(Duration.class);
    }

    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        String text = p.getValueAsString();
        Duration parsed = Durations.parse(text);
        if (parsed == null) {
            return (Duration) ctxt.handleWeirdStringValue(Duration.class, text, Durations.EXPECTED);
        }
        return parsed;
    }
}
