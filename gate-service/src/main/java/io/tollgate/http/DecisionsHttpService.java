package io.tollgate.http;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tollgate.audit.DecisionLog;
import io.tollgate.audit.DecisionQuery;
import io.tollgate.auth.Principal;
import io.tollgate.auth.Role.Permission;
import io.tollgate.decision.Outcome;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.UUID;

/** {@code /v1/decisions}: reading recorded decisions (one, or a filtered, keyset-paginated list). */
public final class DecisionsHttpService implements SecureService {
    private static final Set<String> LIST_PARAMS = Set.of("service", "outcome", "since", "limit", "cursor");
    private final DecisionLog decisions;

    public DecisionsHttpService(DecisionLog decisions) {
        this.decisions = decisions;
    }

    @Override
    public void routing(SecureRules rules) {
        rules.get("/", Permission.READ_DECISIONS, this::list)
                .get("/{id}", Permission.READ_DECISIONS, this::one);
    }

    private void one(ServerRequest req, ServerResponse res, Principal caller) {
        String raw = req.path().pathParameters().get("id");
        UUID id;
        try {
            id = UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_value", "decisionId", "must be a UUID, got \"" + raw + "\"");
        }
        var found = decisions.find(id).orElseThrow(() ->
                new ApiException(Status.NOT_FOUND_404, "not_found", "decisionId", "no decision " + id));
        HttpIo.send(res, Status.OK_200, DecisionJson.full(found));
    }

    private void list(ServerRequest req, ServerResponse res, Principal caller) {
        var q = req.query();
        for (String name : q.names()) {
            if (!LIST_PARAMS.contains(name)) {
                throw ApiException.badRequest("unknown_field", name, "unknown query parameter; allowed: cursor, limit, outcome, service, since");
            }
            if (q.all(name).size() > 1) {
                throw ApiException.badRequest("invalid_value", name, "given " + q.all(name).size() + " times; give it once");
            }
        }
        String service = q.first("service").orElse(null);
        if (service != null && !TextRules.NAME.matcher(service).matches()) {
            throw ApiException.badRequest("invalid_value", "service",
                    "must be 1-63 characters of letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        Outcome outcome = null;
        if (q.contains("outcome")) {
            outcome = Outcome.fromWire(q.get("outcome"));
            if (outcome == null) {
                throw ApiException.badRequest("invalid_value", "outcome", "must be one of allow, deny, hold, got \"" + q.get("outcome") + "\"");
            }
        }
        Instant since = q.contains("since") ? instant(q.get("since")) : null;
        int limit = DecisionQuery.DEFAULT_LIMIT;
        if (q.contains("limit")) {
            try {
                limit = Integer.parseInt(q.get("limit"));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > DecisionQuery.MAX_LIMIT) {
                throw ApiException.badRequest("invalid_value", "limit", "must be an integer in 1.." + DecisionQuery.MAX_LIMIT + ", got \"" + q.get("limit") + "\"");
            }
        }
        var page = decisions.list(new DecisionQuery(service, outcome, since, limit, q.first("cursor").orElse(null)));
        var body = new LinkedHashMap<String, Object>();
        body.put("items", page.items().stream().map(DecisionJson::summary).toList());
        body.put("nextCursor", page.nextCursor());
        HttpIo.send(res, Status.OK_200, body);
    }

    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private static Instant instant(String raw) {
        try {
            Instant at = OffsetDateTime.parse(raw).toInstant();
            if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
                throw ApiException.badRequest("invalid_value", "since", "must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z, got \"" + raw + "\"");
            }
            return at;
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("invalid_value", "since", "must be an RFC 3339 timestamp like 2026-11-24T06:00:00Z, got \"" + raw + "\"");
        }
    }
}
