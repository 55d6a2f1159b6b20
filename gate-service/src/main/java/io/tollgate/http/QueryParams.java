package io.tollgate.http;

import io.helidon.common.parameters.Parameters;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query parameters of a list request, checked the same way for every resource: only known names,
 * each at most once; values parsed with 400 answers that name the parameter.
 */
final class QueryParams {
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final Parameters query;

    private QueryParams(Parameters query) {
        this.query = query;
    }

    /** @throws ApiException 400 for an unknown or repeated parameter */
    static QueryParams of(Parameters query, Set<String> allowed) {
        for (String name : query.names()) {
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("unknown_field", name,
                        "unknown query parameter; allowed: " + String.join(", ", new TreeSet<>(allowed)));
            }
            if (query.all(name).size() > 1) {
                throw ApiException.badRequest("invalid_value", name, "given " + query.all(name).size() + " times; give it once");
            }
        }
        return new QueryParams(query);
    }

    /** The raw value, or null when absent. */
    String text(String name) {
        return query.first(name).orElse(null);
    }

    /** An integer in {@code 1..max}, or {@code defaultValue} when absent. */
    int limit(String name, int defaultValue, int max) {
        if (!query.contains(name)) {
            return defaultValue;
        }
        int limit;
        try {
            limit = Integer.parseInt(query.get(name));
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > max) {
            throw ApiException.badRequest("invalid_value", name, "must be an integer in 1.." + max + ", got \"" + query.get(name) + "\"");
        }
        return limit;
    }

    /** An RFC 3339 timestamp between 1970 and 9999, or null when absent. */
    Instant instant(String name) {
        if (!query.contains(name)) {
            return null;
        }
        String raw = query.get(name);
        Instant at;
        try {
            at = OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("invalid_value", name, "must be an RFC 3339 timestamp like 2026-11-24T06:00:00Z, got \"" + raw + "\"");
        }
        if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
            throw ApiException.badRequest("invalid_value", name, "must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z, got \"" + raw + "\"");
        }
        return at;
    }
}
