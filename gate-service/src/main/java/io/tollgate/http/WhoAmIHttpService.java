package io.tollgate.http;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tollgate.auth.Principal;
import io.tollgate.auth.Role.Permission;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * {@code GET /v1/whoami}: who the token belongs to and what its role grants, so a client (the console) can show only
 * the controls the caller may use. Informational only: every route still checks its own permission.
 */
public final class WhoAmIHttpService implements SecureService {

    @Override
    public void routing(SecureRules rules) {
        rules.get("/", Permission.READ_IDENTITY, this::whoami);
    }

    private void whoami(ServerRequest req, ServerResponse res, Principal caller) {
        var body = new LinkedHashMap<String, Object>();
        body.put("subject", caller.subject());
        body.put("roles", List.of(caller.role().wire()));
        body.put("permissions", Arrays.stream(Permission.values()).filter(caller.role()::may).map(Enum::name).toList());
        HttpIo.send(res, Status.OK_200, body);
    }
}
