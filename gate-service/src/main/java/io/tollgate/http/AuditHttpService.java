package io.tollgate.http;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tollgate.audit.AuditEvent;
import io.tollgate.audit.EventKind;
import io.tollgate.audit.EventLog;
import io.tollgate.audit.EventQuery;
import io.tollgate.audit.HashChain;
import io.tollgate.auth.Principal;
import io.tollgate.auth.Role.Permission;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code /v1/audit}: the whole event chain (every kind), listed and verified. */
public final class AuditHttpService implements SecureService {
    private static final Set<String> EVENT_PARAMS = Set.of("kind", "subject", "since", "limit", "cursor");
    private static final String KINDS = Arrays.stream(EventKind.values()).map(EventKind::wire).collect(Collectors.joining(", "));
    private static final int MAX_SUBJECT = 200;

    private final EventLog events;

    public AuditHttpService(EventLog events) {
        this.events = events;
    }

    @Override
    public void routing(SecureRules rules) {
        rules.get("/verify", Permission.READ_AUDIT, this::verify)
                .get("/events", Permission.READ_AUDIT, EVENT_PARAMS, this::list);
    }

    /** 200 either way: a broken chain is a finding, not a failed request; {@code intact} says which. */
    private void verify(ServerRequest req, ServerResponse res, Principal caller) {
        var v = events.verify();
        var body = new LinkedHashMap<String, Object>();
        body.put("intact", v.intact());
        body.put("recordsChecked", v.recordsChecked());
        body.put("headHash", v.headHash());
        if (!v.intact()) {
            var broken = new LinkedHashMap<String, Object>();
            broken.put("seq", v.firstBrokenSeq());
            broken.put("kind", v.firstBrokenKind());
            broken.put("subject", v.firstBrokenSubject());
            broken.put("decisionId", v.firstBrokenDecisionId() == null ? null : v.firstBrokenDecisionId().toString());
            broken.put("problem", v.problem());
            body.put("firstBroken", broken);
        }
        HttpIo.send(res, Status.OK_200, body);
    }

    private void list(ServerRequest req, ServerResponse res, Principal caller, QueryParams q) {
        EventKind kind = null;
        if (q.text("kind") != null) {
            kind = EventKind.fromWire(q.text("kind")).orElseThrow(() -> ApiException.badRequest("invalid_value", "kind",
                    "must be one of " + KINDS + ", got \"" + q.text("kind") + "\""));
        }
        String subject = q.text("subject");
        if (subject != null && (subject.isEmpty() || subject.length() > MAX_SUBJECT)) {
            throw ApiException.badRequest("invalid_value", "subject", "must be 1-" + MAX_SUBJECT + " characters");
        }
        int limit = q.limit("limit", EventQuery.DEFAULT_LIMIT, EventQuery.MAX_LIMIT);
        var page = events.list(new EventQuery(kind, subject, q.instant("since"), limit, q.text("cursor")));
        var body = new LinkedHashMap<String, Object>();
        body.put("items", page.items().stream().map(AuditHttpService::json).toList());
        body.put("nextCursor", page.nextCursor());
        HttpIo.send(res, Status.OK_200, body);
    }

    private static Map<String, Object> json(AuditEvent e) {
        var m = new LinkedHashMap<String, Object>();
        m.put("seq", e.seq());
        m.put("kind", e.kind());
        m.put("subject", e.subject());
        m.put("actor", e.actor());
        m.put("traceId", e.traceId());
        m.put("recordedAt", HashChain.timestamp(e.recordedAt()));
        m.put("payload", e.payload());
        m.put("hashFormat", e.hashFormat());
        m.put("previousHash", e.previousHash());
        m.put("hash", e.hash());
        return m;
    }
}
