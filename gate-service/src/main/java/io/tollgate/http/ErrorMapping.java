package io.tollgate.http;

import io.helidon.http.HeaderNames;
import io.tollgate.override.OverrideNotFoundException;
import io.tollgate.override.OverrideRefusedException;
import io.tollgate.override.OverrideService;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import io.tollgate.audit.AuditUnavailableException;
import io.tollgate.audit.InvalidCursorException;
import io.tollgate.auth.AccessDeniedException;
import io.tollgate.policy.replay.PolicyReplay;
import io.tollgate.analysis.ReplayPermits;
import io.tollgate.release.ReleaseService;
import io.tollgate.release.ReleaseStore;
import io.tollgate.release.Transitions;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place where exceptions become HTTP answers. Every answer has {@code {code, message, field}};
 * no stack trace ever reaches a client.
 */
public final class ErrorMapping {
    private static final Logger LOG = Logger.getLogger(ErrorMapping.class.getName());

    private ErrorMapping() {
    }

    /** Handlers for errors raised before routing; see {@link JsonDirectHandler}. */
    public static io.helidon.webserver.http.DirectHandlers transportErrorHandlers() {
        return JsonDirectHandler.handlers();
    }

    /** What the transport error handlers need from the web server's error handling (Helidon's safe messages). */
    public static io.helidon.webserver.ErrorHandling transportErrorHandling() {
        return JsonDirectHandler.errorHandling();
    }

    /**
     * HTTP/1 with the documented header limit (431 beyond it), truncated requests told apart from incidents, and
     * {@code deadlines} closing requests that stall.
     */
    public static io.helidon.webserver.http1.Http1Config http1(io.helidon.webserver.http1.Http1ConnectionListener deadlines) {
        return JsonDirectHandler.http1(deadlines);
    }

    public static void register(HttpRouting.Builder routing) {
        routing.error(ApiException.class, (req, res, e) ->
                HttpIo.send(res, e.status(), HttpIo.error(e.code(), e.getMessage(), e.field())));
        routing.error(AccessDeniedException.class, (req, res, e) -> {
            if (e.unauthenticated()) {
                res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"tollgate\"");
                HttpIo.send(res, Status.UNAUTHORIZED_401, HttpIo.error("unauthenticated", e.getMessage(), null));
            } else {
                HttpIo.send(res, Status.FORBIDDEN_403, HttpIo.error("forbidden", e.getMessage(), null));
            }
        });
        routing.error(ReleaseService.ReleaseNotFound.class, (req, res, e) ->
                HttpIo.send(res, Status.NOT_FOUND_404, HttpIo.error("not_found", e.getMessage(), "id")));
        routing.error(Transitions.IllegalTransition.class, (req, res, e) -> {
            var body = HttpIo.error("invalid_state", e.getMessage(), null);
            body.put("state", e.state().wire());
            HttpIo.send(res, Status.CONFLICT_409, body);
        });
        routing.error(ReleaseStore.ActiveReleaseExists.class, (req, res, e) -> {
            var body = HttpIo.error("release_active", e.getMessage(), null);
            body.put("activeRelease", e.active().id().toString());
            body.put("state", e.active().state().wire());
            HttpIo.send(res, Status.CONFLICT_409, body);
        });
        routing.error(ReleaseService.IdempotencyMismatch.class, (req, res, e) ->
                HttpIo.send(res, Status.CONFLICT_409, HttpIo.error("idempotency_key_reused", e.getMessage(), "Idempotency-Key")));
        routing.error(ReleaseStore.StaleReleaseException.class, (req, res, e) ->
                HttpIo.send(res, Status.CONFLICT_409, HttpIo.error("conflict", e.getMessage() + "; retry", null)));
        routing.error(io.tollgate.plan.PlanService.PlanNotFound.class, (req, res, e) ->
                HttpIo.send(res, Status.NOT_FOUND_404, HttpIo.error("not_found", e.getMessage(), "id")));
        routing.error(io.tollgate.plan.PlanTransitions.IllegalPlanTransition.class, (req, res, e) -> {
            var body = HttpIo.error("invalid_state", e.getMessage(), null);
            body.put("state", e.state().wire());
            HttpIo.send(res, Status.CONFLICT_409, body);
        });
        routing.error(io.tollgate.plan.PlanService.IdempotencyMismatch.class, (req, res, e) ->
                HttpIo.send(res, Status.CONFLICT_409, HttpIo.error("idempotency_key_reused", e.getMessage(), "Idempotency-Key")));
        routing.error(io.tollgate.plan.PlanStore.StalePlanException.class, (req, res, e) ->
                HttpIo.send(res, Status.CONFLICT_409, HttpIo.error("conflict", e.getMessage() + "; retry", null)));
        routing.error(OverrideRefusedException.class, (req, res, e) -> {
            var body = HttpIo.error("override_refused", e.getMessage(), null);
            body.put("reasons", e.reasons());
            HttpIo.send(res, Status.FORBIDDEN_403, body);
        });
        routing.error(OverrideNotFoundException.class, (req, res, e) ->
                HttpIo.send(res, Status.NOT_FOUND_404, HttpIo.error("not_found", e.getMessage(), "id")));
        routing.error(OverrideService.AlreadyRevoked.class, (req, res, e) ->
                HttpIo.send(res, Status.CONFLICT_409, HttpIo.error("already_revoked", e.getMessage(), null)));
        routing.error(OverrideService.OverridePolicyUnavailable.class, (req, res, e) -> {
            res.header(HeaderNames.RETRY_AFTER, "5");
            HttpIo.send(res, Status.SERVICE_UNAVAILABLE_503, HttpIo.error("policy_unavailable", e.getMessage(), null));
        });
        routing.error(PolicyReplay.ReplayBusyException.class, (req, res, e) -> {
            res.header(HeaderNames.RETRY_AFTER, "10");
            HttpIo.send(res, Status.TOO_MANY_REQUESTS_429, HttpIo.error("replay_busy", e.getMessage(), null));
        });
        routing.error(ReplayPermits.ReplayBusyException.class, (req, res, e) -> {
            res.header(HeaderNames.RETRY_AFTER, "2");
            // Refused before its body was read: closing spares reading (draining) megabytes nobody will use.
            res.header(io.helidon.http.HeaderValues.CONNECTION_CLOSE);
            HttpIo.send(res, Status.TOO_MANY_REQUESTS_429, HttpIo.error("replay_busy", e.getMessage(), null));
        });
        routing.error(InvalidCursorException.class, (req, res, e) ->
                HttpIo.send(res, Status.BAD_REQUEST_400, HttpIo.error("invalid_value", e.getMessage(), "cursor")));
        // The chain lost or changed checkpointed records, or ends unsigned: say which, so an operator can act.
        routing.error(io.tollgate.audit.AuditTamperedException.class, (req, res, e) -> {
            res.header(HeaderNames.RETRY_AFTER, "30");
            HttpIo.send(res, Status.SERVICE_UNAVAILABLE_503, HttpIo.error("audit_integrity",
                    "nothing was decided or recorded: " + e.getMessage(), null));
        });
        routing.error(AuditUnavailableException.class, (req, res, e) -> {
            res.header(HeaderNames.RETRY_AFTER, "5");
            HttpIo.send(res, Status.SERVICE_UNAVAILABLE_503, HttpIo.error("audit_unavailable",
                    "the audit log cannot be written or read right now; nothing was decided or recorded, retry later", null));
        });
        // Helidon's own HTTP errors (no route: 404) are client errors, not incidents.
        routing.error(HttpException.class, (req, res, e) -> {
            int status = e.status().code();
            if ("HEAD".equals(req.prologue().method().text())) {
                res.status(e.status()).send(); // a HEAD answer has no body
            } else if (status == 404) {
                HttpIo.send(res, e.status(), HttpIo.error("not_found",
                        "no endpoint " + req.prologue().method().text() + " " + req.path().path() + " (see docs/api.md)", null));
            } else if (status < 500) {
                HttpIo.send(res, e.status(), HttpIo.error("bad_request", "the request was refused: " + e.status().reasonPhrase(), null));
            } else {
                unhandled(res, e);
            }
        });
        routing.error(Exception.class, (req, res, e) -> unhandled(res, e));
    }

    private static void unhandled(ServerResponse res, Exception e) {
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "unhandled error, incident " + incident, e);
        HttpIo.send(res, Status.INTERNAL_SERVER_ERROR_500, HttpIo.error("internal_error",
                "internal error (incident " + incident + "); nothing was recorded", null));
    }
}
