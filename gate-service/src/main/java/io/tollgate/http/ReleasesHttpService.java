package io.tollgate.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tollgate.auth.Principal;
import io.tollgate.auth.Role.Permission;
import io.tollgate.json.CanonicalJson;
import io.tollgate.release.AdapterRegistry;
import io.tollgate.release.ReleaseConfig;
import io.tollgate.release.ReleaseService;
import io.tollgate.release.ReleaseService.Control;
import io.tollgate.release.ReleaseState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Set;

/** {@code /v1/releases}: releases Tollgate drives, and the release managers' controls. */
public final class ReleasesHttpService implements SecureService {
    private static final Set<String> LIST_PARAMS = Set.of("service", "state", "limit");
    private final ReleaseService releases;
    private final ReleaseConfig config;
    private final AdapterRegistry adapters;
    private final int maxBodyBytes;
    private final Clock clock = Clock.systemUTC();

    public ReleasesHttpService(ReleaseService releases, ReleaseConfig config, AdapterRegistry adapters, int maxBodyBytes) {
        this.releases = releases;
        this.config = config;
        this.adapters = adapters;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void routing(SecureRules rules) {
        rules.postJson("/", Permission.START_RELEASE, ReleaseRequestParser.TOP_FIELDS, this::create)
                .get("/", Permission.READ_RELEASES, LIST_PARAMS, this::list)
                .get("/{id}", Permission.READ_RELEASES, this::one)
                .get("/{id}/analysis", Permission.READ_RELEASES, this::analysis);
        for (Control control : Control.values()) {
            rules.postJson("/{id}/" + control.wire(), Permission.CONTROL_RELEASES, Set.of("reason"),
                    (req, res, caller) -> control(req, res, caller, control));
        }
    }

    private void create(ServerRequest req, ServerResponse res, Principal caller) {
        var body = HttpIo.readJsonObject(req, maxBodyBytes);
        var spec = ReleaseRequestParser.parse(body, config, adapters);
        String key = req.headers().first(HeaderNames.create("Idempotency-Key")).orElse(null);
        if (key != null && (key.isBlank() || key.length() > 200)) {
            throw ApiException.badRequest("invalid_value", "Idempotency-Key", "must be 1-200 characters");
        }
        var created = releases.create(spec, caller.subject(), key, sha256(CanonicalJson.write(body)));
        if (created.replayed()) {
            res.header(HeaderNames.create("Idempotent-Replayed"), "true");
        }
        res.header(HeaderNames.LOCATION, "/v1/releases/" + created.release().id());
        HttpIo.send(res, Status.CREATED_201, ReleaseJson.summary(created.release(), clock.instant()));
    }

    private void one(ServerRequest req, ServerResponse res, Principal caller) {
        var r = releases.get(req.path().pathParameters().get("id"));
        HttpIo.send(res, Status.OK_200, ReleaseJson.full(r, releases.history(r.id()), clock.instant()));
    }

    private void analysis(ServerRequest req, ServerResponse res, Principal caller) {
        var r = releases.get(req.path().pathParameters().get("id"));
        HttpIo.send(res, Status.OK_200, ReleaseAnalysisJson.full(r, releases.analysisLooks(r.id())));
    }

    private void list(ServerRequest req, ServerResponse res, Principal caller, QueryParams q) {
        String service = q.text("service");
        if (service != null && !TextRules.NAME.matcher(service).matches()) {
            throw ApiException.badRequest("invalid_value", "service", "must be a service name");
        }
        ReleaseState state = null;
        if (q.text("state") != null) {
            state = ReleaseState.fromWire(q.text("state")).orElseThrow(() -> ApiException.badRequest("invalid_value", "state",
                    "must be one of " + String.join(", ", java.util.Arrays.stream(ReleaseState.values()).map(ReleaseState::wire).toList())));
        }
        int limit = q.limit("limit", 50, 1000);
        var body = new LinkedHashMap<String, Object>();
        body.put("items", releases.list(service, state, limit).stream().map(r -> ReleaseJson.summary(r, clock.instant())).toList());
        HttpIo.send(res, Status.OK_200, body);
    }

    private void control(ServerRequest req, ServerResponse res, Principal caller, Control control) {
        String id = req.path().pathParameters().get("id");
        String reason = HttpIo.readReason(req, maxBodyBytes, "a control action");
        var r = releases.control(id, control, reason, caller.subject());
        HttpIo.send(res, Status.OK_200, ReleaseJson.summary(r, clock.instant()));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
