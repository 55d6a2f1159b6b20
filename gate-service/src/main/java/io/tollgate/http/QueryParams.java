package io.tollgate.http;

import io.helidon.common.parameters.Parameters;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.TreeSet;

/**
 * The query parameters of a request, checked the same way for every route against the names it declared
 * in {@link SecureRules} (none by default): only those names, each at most once; values parsed with 400
 * answers that name the parameter.
 */
public final class QueryParams {
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final Parameters query;

    private QueryParams(Parameters query) {
        this.query = query;
    }

    /** @throws ApiException 400 for a parameter {@code route} does not declare, or one given more than once */
    static QueryParams of(Parameters query, Route route) {
        for (String name : query.names()) {
            if (!route.queryParams().contains(name)) {
                throw ApiException.badRequest("unknown_field", name, unknown(name, route));
            }
            if (query.all(name).size() > 1) {
                throw ApiException.badRequest("invalid_value", name, "given " + query.all(name).size() + " times; give it once");
            }
        }
        return new QueryParams(query);
    }

    private static String unknown(String name, Route route) {
        String endpoint = route.method() + " " + route.path();
        if (route.bodyFields().contains(name)) {
            return "not a query parameter: \"" + name + "\" is a field of the JSON body; " + endpoint
                    + " takes no query parameters, so nothing was evaluated or recorded";
        }
        if (route.queryParams().isEmpty()) {
            return "unknown query parameter; " + endpoint + " takes none";
        }
        return "unknown query parameter; " + endpoint + " takes " + String.join(", ", new TreeSet<>(route.queryParams()));
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
