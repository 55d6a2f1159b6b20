package io.tollgate.http;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tollgate.audit.AuditEvent;
import io.tollgate.audit.ChainVerification;
import io.tollgate.audit.Checkpoint;
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
        rules.get("/verify", Permission.READ_AUDIT, Set.of("checkpoint", "from"), this::verify)
                .get("/checkpoint", Permission.READ_AUDIT, this::checkpoint)
                .get("/events", Permission.READ_AUDIT, EVENT_PARAMS, this::list);
    }

    /**
     * 200 either way: a broken chain is a finding, not a failed request; {@code intact} says which.
     * {@code ?checkpoint=} adds a checkpoint kept by a witness to the one published in the checkpoint file;
     * {@code ?from=verified} walks only the records after the newest point this instance verified intact.
     */
    private void verify(ServerRequest req, ServerResponse res, Principal caller, QueryParams q) {
        Checkpoint given = null;
        if (q.text("checkpoint") != null) {
            try {
                given = Checkpoint.decode(q.text("checkpoint"));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("invalid_value", "checkpoint", e.getMessage()
                        + "; pass the `encoded` form (or the JSON) of GET /v1/audit/checkpoint");
            }
            if (!given.verifiedBy(events.publicKey())) {
                throw ApiException.badRequest("invalid_value", "checkpoint", "signature does not verify with this log's key "
                        + events.publicKey().id() + "; it was not issued by this Tollgate");
            }
        }
        String from = q.text("from");
        if (from != null && !from.equals("start") && !from.equals("verified")) {
            throw ApiException.badRequest("invalid_value", "from", "must be start (the whole chain, the default) or verified "
                    + "(only records after the newest point this instance verified intact), got \"" + from + "\"");
        }
        var v = events.verify(given, "verified".equals(from));
        var body = new LinkedHashMap<String, Object>();
        body.put("intact", v.intact());
        body.put("recordsChecked", v.recordsChecked());
        body.put("fromSeq", v.fromSeq());
        body.put("headSeq", v.headSeq());
        body.put("headHash", v.headHash());
        body.put("signedThroughSeq", v.signedThroughSeq());
        body.put("keyId", events.publicKey().id());
        body.put("problems", v.problems().stream().map(AuditHttpService::json).toList());
        if (!v.intact()) {
            body.put("firstBroken", json(v.problems().getFirst()));
        }
        body.put("checkpoints", v.checkpoints().stream().map(c -> {
            var m = new LinkedHashMap<String, Object>(c.checkpoint().toJson());
            m.put("source", c.source());
            m.put("matches", c.matches());
            return m;
        }).toList());
        HttpIo.send(res, Status.OK_200, body);
    }

    /** Publishes (if the log grew) and returns the latest signed checkpoint, for witnesses to keep. */
    private void checkpoint(ServerRequest req, ServerResponse res, Principal caller) {
        var checkpoint = events.checkpoint().orElseThrow(() ->
                new ApiException(Status.NOT_FOUND_404, "not_found", null, "nothing signed yet: the log is empty"));
        var body = new LinkedHashMap<String, Object>(checkpoint.toJson());
        body.put("encoded", checkpoint.encoded());
        HttpIo.send(res, Status.OK_200, body);
    }

    private static Map<String, Object> json(ChainVerification.BrokenRange r) {
        var m = new LinkedHashMap<String, Object>();
        m.put("fromSeq", r.fromSeq());
        m.put("toSeq", r.toSeq());
        m.put("seq", r.fromSeq());
        m.put("kind", r.kind());
        m.put("subject", r.subject());
        m.put("decisionId", r.decisionId() == null ? null : r.decisionId().toString());
        m.put("problem", r.problem());
        return m;
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
        m.put("signature", e.signature());
        m.put("keyId", e.keyId());
        return m;
    }
}
