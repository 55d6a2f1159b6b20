package io.tollgate.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tollgate.auth.Principal;
import io.tollgate.auth.Role.Permission;
import io.tollgate.override.OverrideInputs;
import io.tollgate.override.OverrideService;
import java.util.LinkedHashMap;
import java.util.Set;

/** {@code /v1/overrides}: release managers' recorded exceptions to gate decisions. */
public final class OverridesHttpService implements SecureService {
    private static final Set<String> LIST_PARAMS = Set.of("active", "service", "environment", "limit");
    private static final Set<String> REVOKE_FIELDS = Set.of("reason", "ticket");
    private final OverrideService overrides;
    private final int maxBodyBytes;

    public OverridesHttpService(OverrideService overrides, int maxBodyBytes) {
        this.overrides = overrides;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void routing(SecureRules rules) {
        rules.postJson("/", Permission.OVERRIDE, OverrideRequestParser.TOP_FIELDS, this::create)
                .get("/", Permission.READ_OVERRIDES, LIST_PARAMS, this::list)
                .get("/{id}", Permission.READ_OVERRIDES, this::one)
                .delete("/{id}", Permission.OVERRIDE, this::revoke);
    }

    private void create(ServerRequest req, ServerResponse res, Principal caller) {
        var body = HttpIo.readJsonObject(req, maxBodyBytes);
        var request = OverrideRequestParser.parse(body, overrides.releases(), overrides.now());
        var created = overrides.create(request, caller);
        res.header(HeaderNames.LOCATION, "/v1/overrides/" + created.id());
        HttpIo.send(res, Status.CREATED_201, OverrideInputs.json(created));
    }

    private void one(ServerRequest req, ServerResponse res, Principal caller) {
        HttpIo.send(res, Status.OK_200, OverrideInputs.json(overrides.get(req.path().pathParameters().get("id"))));
    }

    private void list(ServerRequest req, ServerResponse res, Principal caller, QueryParams q) {
        boolean activeOnly = switch (q.text("active") == null ? "false" : q.text("active")) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.badRequest("invalid_value", "active", "must be true or false");
        };
        String service = q.text("service");
        if (service != null && !TextRules.NAME.matcher(service).matches()) {
            throw ApiException.badRequest("invalid_value", "service", "must be a service name");
        }
        String environment = q.text("environment");
        if (environment != null && !TextRules.NAME.matcher(environment).matches()) {
            throw ApiException.badRequest("invalid_value", "environment", "must be an environment name");
        }
        int limit = q.limit("limit", 100, 1000);
        var body = new LinkedHashMap<String, Object>();
        body.put("items", overrides.list(service, environment, activeOnly, limit).stream().map(OverrideInputs::json).toList());
        HttpIo.send(res, Status.OK_200, body);
    }

    /** Body {@code {"reason": "…", "ticket": "…"}}: the reason is required, the ticket is the policy's to require. */
    private void revoke(ServerRequest req, ServerResponse res, Principal caller) {
        String id = req.path().pathParameters().get("id");
        var body = HttpIo.readJsonObject(req, maxBodyBytes);
        TextRules.requireStorable(body, "");
        HttpIo.rejectUnknownFields(body, REVOKE_FIELDS, "");
        var reason = body.get("reason");
        if (reason == null || !reason.isTextual() || reason.textValue().isBlank()) {
            throw ApiException.badRequest("missing_field", "reason", "revoking an override needs a non-empty reason");
        }
        var ticket = body.get("ticket");
        if (ticket != null && !ticket.isNull() && (!ticket.isTextual() || ticket.textValue().length() > 200)) {
            throw ApiException.badRequest("invalid_value", "ticket", "must be a string of 1-200 characters");
        }
        String ticketText = ticket == null || ticket.isNull() ? null : TextRules.requireToken("ticket", ticket.textValue()).strip();
        var revoked = overrides.revoke(id, TextRules.requireText("reason", reason.textValue()), ticketText, caller);
        HttpIo.send(res, Status.OK_200, OverrideInputs.json(revoked));
    }
}
