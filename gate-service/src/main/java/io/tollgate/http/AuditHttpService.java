package io.tollgate.http;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tollgate.audit.DecisionLog;
import io.tollgate.auth.Principal;
import io.tollgate.auth.Role.Permission;
import java.util.LinkedHashMap;

/** {@code /v1/audit}: verifying the hash chain of the audit log. */
public final class AuditHttpService implements SecureService {
    private final DecisionLog decisions;

    public AuditHttpService(DecisionLog decisions) {
        this.decisions = decisions;
    }

    @Override
    public void routing(SecureRules rules) {
        rules.get("/verify", Permission.READ_AUDIT, this::verify);
    }

    /** 200 either way: a broken chain is a finding, not a failed request; {@code intact} says which. */
    private void verify(ServerRequest req, ServerResponse res, Principal caller) {
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
