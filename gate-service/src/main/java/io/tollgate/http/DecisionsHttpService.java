package io.tollgate.http;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tollgate.audit.DecisionLog;
import io.tollgate.audit.DecisionQuery;
import io.tollgate.auth.Principal;
import io.tollgate.auth.Role.Permission;
import io.tollgate.decision.Outcome;
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
        rules.get("/", Permission.READ_DECISIONS, LIST_PARAMS, this::list)
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

    private void list(ServerRequest req, ServerResponse res, Principal caller, QueryParams q) {
        String service = q.text("service");
        if (service != null && !TextRules.NAME.matcher(service).matches()) {
            throw ApiException.badRequest("invalid_value", "service",
                    "must be 1-63 characters of letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        Outcome outcome = null;
        if (q.text("outcome") != null) {
            outcome = Outcome.fromWire(q.text("outcome"));
            if (outcome == null) {
                throw ApiException.badRequest("invalid_value", "outcome", "must be one of allow, deny, hold, got \"" + q.text("outcome") + "\"");
            }
        }
        int limit = q.limit("limit", DecisionQuery.DEFAULT_LIMIT, DecisionQuery.MAX_LIMIT);
        var page = decisions.listSummaries(new DecisionQuery(service, outcome, q.instant("since"), limit, q.text("cursor")));
        var body = new LinkedHashMap<String, Object>();
        body.put("items", page.items().stream().map(DecisionJson::summary).toList());
        body.put("nextCursor", page.nextCursor());
        HttpIo.send(res, Status.OK_200, body);
    }
}
