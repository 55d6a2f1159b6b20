package io.tollgate.http;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tollgate.auth.Principal;
import io.tollgate.auth.Role.Permission;
import io.tollgate.observability.Log;
import io.tollgate.policy.PolicyBundle;
import io.tollgate.policy.PolicyBundleException;
import io.tollgate.policy.replay.PolicyReplay;
import io.tollgate.policy.replay.ReplayFilter;
import io.tollgate.policy.replay.ReplayReport;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * {@code /v1/policies}: what-if replays of a candidate policy over recorded decisions (nothing is recorded).
 *
 * <p>The body is the candidate bundle itself ({@code Content-Type: application/gzip}, exactly what {@code opa build}
 * wrote) and the filter is in the query: {@code curl --data-binary @bundle.tar.gz} sends it as it is, with no base64
 * inflation (a third more bytes, held twice while decoding) and no multipart parsing; see docs/api.md.
 */
public final class PoliciesHttpService implements SecureService {
    static final Set<String> REPLAY_PARAMS = Set.of("service", "since", "limit");
    private static final Set<String> GZIP_TYPES = Set.of("gzip", "x-gzip");
    private static final Logger LOG = Logger.getLogger(PoliciesHttpService.class.getName());
    private final PolicyReplay replay;

    /** @param replay null only in route tests that never reach a handler */
    public PoliciesHttpService(PolicyReplay replay) {
        this.replay = replay;
    }

    @Override
    public void routing(SecureRules rules) {
        rules.post("/replay", Permission.REPLAY_POLICY, REPLAY_PARAMS, this::replay);
    }

    private void replay(ServerRequest req, ServerResponse res, Principal caller, QueryParams q) {
        var filter = filter(q);
        var candidate = candidate(req);
        var report = runOrRefuse(candidate, filter);
        Log.info(LOG, "policy replay", Map.of("actor", caller.subject(), "candidateRevision", report.candidateRevision(),
                "decisions", report.decisions(), "changed", report.changed(), "complete", report.complete(),
                "tookMs", report.took().toMillis()));
        HttpIo.send(res, Status.OK_200, PolicyReplayJson.report(report));
    }

    private static ReplayFilter filter(QueryParams q) {
        String service = q.text("service");
        if (service != null && !TextRules.NAME.matcher(service).matches()) {
            throw ApiException.badRequest("invalid_value", "service",
                    "must be 1-63 characters of letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        int limit = q.limit("limit", ReplayFilter.DEFAULT_LIMIT, ReplayFilter.MAX_LIMIT);
        return new ReplayFilter(service, q.instant("since"), limit);
    }

    private PolicyBundle candidate(ServerRequest req) {
        var contentType = req.headers().contentType();
        if (contentType.isEmpty() || !contentType.get().mediaType().type().equalsIgnoreCase("application")
                || !GZIP_TYPES.contains(contentType.get().mediaType().subtype().toLowerCase(Locale.ROOT))) {
            throw new ApiException(Status.UNSUPPORTED_MEDIA_TYPE_415, "unsupported_media_type", null,
                    "Content-Type must be application/gzip: the body is the candidate bundle (opa build -t wasm output) as it is,"
                            + " the filter goes in the query; got " + contentType.map(c -> c.mediaType().text()).orElse("none"));
        }
        byte[] body = HttpIo.readBytes(req, replay.maxBundleBytes());
        if (body.length == 0) {
            throw ApiException.badRequest("invalid_bundle", "bundle",
                    "request body is empty; send the candidate bundle built with opa build -t wasm -e tollgate/decision");
        }
        try {
            return replay.candidate(body);
        } catch (PolicyBundleException e) {
            throw invalidBundle(e);
        }
    }

    /** A candidate that reads as a bundle can still fail to load (not a module, no decision entry point): also 400. */
    private ReplayReport runOrRefuse(PolicyBundle candidate, ReplayFilter filter) {
        try {
            return replay.run(candidate, filter);
        } catch (PolicyBundleException e) {
            throw invalidBundle(e);
        }
    }

    /** "policy bundle in the request body has no entry point ..." → "candidate bundle in the request body has ...", one line. */
    private static ApiException invalidBundle(PolicyBundleException e) {
        String message = String.valueOf(e.getMessage()).replaceFirst("^policy bundle", "candidate bundle").replaceAll("\\s*\\R\\s*", " ");
        return ApiException.badRequest("invalid_bundle", "bundle", message);
    }
}
