package io.tollgate.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tollgate.auth.Principal;
import io.tollgate.auth.Role.Permission;
import io.tollgate.json.CanonicalJson;
import io.tollgate.plan.PlanService;
import io.tollgate.plan.PlanService.Control;
import io.tollgate.plan.PlanState;
import io.tollgate.release.AdapterRegistry;
import io.tollgate.release.ReleaseConfig;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Set;

/**
 * {@code /v1/release-plans}: several releases in dependency order, and the release managers' controls. Starting one needs
 * the permission to start releases (ci, release-manager), controlling one the permission to control releases.
 */
public final class PlansHttpService implements SecureService {
    private static final Set<String> LIST_PARAMS = Set.of("state", "limit");
    private final PlanService plans;
    private final ReleaseConfig config;
    private final AdapterRegistry adapters;
    private final int maxBodyBytes;

    public PlansHttpService(PlanService plans, ReleaseConfig config, AdapterRegistry adapters, int maxBodyBytes) {
        this.plans = plans;
        this.config = config;
        this.adapters = adapters;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void routing(SecureRules rules) {
        rules.postJson("/", Permission.START_RELEASE, PlanRequestParser.TOP_FIELDS, this::create)
                .get("/", Permission.READ_RELEASES, LIST_PARAMS, this::list)
                .get("/{id}", Permission.READ_RELEASES, this::one);
        for (Control control : Control.values()) {
            rules.postJson("/{id}/" + control.wire(), Permission.CONTROL_RELEASES, Set.of("reason"),
                    (req, res, caller) -> control(req, res, caller, control));
        }
    }

    private void create(ServerRequest req, ServerResponse res, Principal caller) {
        // Each release may carry inline stages: allow the body of a plan of many releases.
        var body = HttpIo.readJsonObject(req, maxBodyBytes * 8);
        var spec = PlanRequestParser.parse(body, config, adapters);
        String key = req.headers().first(HeaderNames.create("Idempotency-Key")).orElse(null);
        if (key != null && (key.isBlank() || key.length() > 200)) {
            throw ApiException.badRequest("invalid_value", "Idempotency-Key", "must be 1-200 characters");
        }
        var created = plans.create(spec, caller.subject(), key, ReleasesHttpService.sha256(CanonicalJson.write(body)));
        if (created.replayed()) {
            res.header(HeaderNames.create("Idempotent-Replayed"), "true");
        }
        res.header(HeaderNames.LOCATION, "/v1/release-plans/" + created.plan().id());
        HttpIo.send(res, Status.CREATED_201, PlanJson.summary(plans.summary(created.plan())));
    }

    private void one(ServerRequest req, ServerResponse res, Principal caller) {
        HttpIo.send(res, Status.OK_200, PlanJson.full(plans.view(req.path().pathParameters().get("id"))));
    }

    private void list(ServerRequest req, ServerResponse res, Principal caller, QueryParams q) {
        PlanState state = null;
        if (q.text("state") != null) {
            state = PlanState.fromWire(q.text("state")).orElseThrow(() -> ApiException.badRequest("invalid_value", "state",
                    "must be one of " + String.join(", ", Arrays.stream(PlanState.values()).map(PlanState::wire).toList())));
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("items", plans.list(state, q.limit("limit", 50, 500)).stream().map(p -> PlanJson.summary(plans.summary(p))).toList());
        HttpIo.send(res, Status.OK_200, body);
    }

    private void control(ServerRequest req, ServerResponse res, Principal caller, Control control) {
        String reason = HttpIo.readReason(req, maxBodyBytes, "a control action");
        var p = plans.control(req.path().pathParameters().get("id"), control, reason, caller.subject());
        HttpIo.send(res, Status.OK_200, PlanJson.summary(plans.summary(p)));
    }
}
