package io.tollgate.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tollgate.json.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jooq.JSONB;

/** Conversions between values and columns shared by the stores: timestamps in UTC, JSON documents as jsonb. */
public final class Columns {
    private Columns() {
    }

    public static OffsetDateTime utc(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    /** {@code value} (a JSON node or anything Jackson writes) as a jsonb column. */
    public static JSONB jsonb(Object value) {
        try {
            return JSONB.jsonb(Json.mapper().writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
