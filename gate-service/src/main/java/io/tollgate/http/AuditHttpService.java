package io.tollgate.http;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tollgate.audit.DecisionLog;
import io.tollgate.auth.Role;
import io.tollgate.auth.TokenAuthenticator;
import java.util.LinkedHashMap;

/** {@code /v1/audit}: verifying the hash chain of the audit log. */
public final class AuditHttpService implements HttpService {
    private final DecisionLog decisions;
    private final TokenAuthenticator auth;

    public AuditHttpService(DecisionLog decisions, TokenAuthenticator auth) {
        this.decisions = decisions;
        this.auth = auth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/verify", this::verify);
    }

    /** 200 either way: a broken chain is a finding, not a failed request; {@code intact} says which. */
    private void verify(ServerRequest req, ServerResponse res) {
        HttpIo.caller(auth, req, Role.Permission.READ_AUDIT);
        var v = decisions.verify();
        var body = new LinkedHashMap<String, Object>();
        body.put("intact", v.intact());
        body.put("recordsChecked", v.recordsChecked());
        body.put("headHash", v.headHash());
        if (!v.intact()) {
            var broken = new LinkedHashMap<String, Object>();
            broken.put("seq", v.firstBrokenSeq());
            broken.put("decisionId", v.firstBrokenDecisionId() == null ? null : v.firstBrokenDecisionId().toString());
            broken.put("problem", v.problem());
            body.put("firstBroken", broken);
        }
        HttpIo.send(res, Status.OK_200, body);
    }
}
