package io.tollgate.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tollgate.analysis.Counts;
import io.tollgate.analysis.Evidence;
import io.tollgate.analysis.Measurement;
import io.tollgate.analysis.Metric;
import io.tollgate.analysis.Replay;
import io.tollgate.analysis.ReplayPermits;
import io.tollgate.auth.Principal;
import io.tollgate.auth.Role.Permission;
import io.tollgate.config.AnalysisReplayConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /v1/analysis}: canary analysis replays (what-if over recorded counts; no state is kept). Bounded by
 * {@code analysis.replay}: so many at once (the next is 429 before its body is read), a body size and an interval count.
 */
public final class AnalysisHttpService implements SecureService {
    private final AnalysisReplayConfig config;
    private final ReplayPermits permits;

    public AnalysisHttpService(AnalysisReplayConfig config) {
        this.config = config;
        this.permits = new ReplayPermits(config.maxConcurrent());
    }

    @Override
    public void routing(SecureRules rules) {
        rules.postJson("/replay", Permission.REPLAY_ANALYSIS, ReplayRequestParser.TOP_FIELDS, this::replay);
    }

    private void replay(ServerRequest req, ServerResponse res, Principal caller) {
        // The permit is taken before the body is read and held until the answer is written. Reading and writing (I/O)
        // stay on this request's virtual thread; the replay itself (CPU, seconds) runs on a replay thread.
        try (var permit = permits.acquire()) {
            var json = HttpIo.readJsonObject(req, config.maxBodyBytes());
            HttpIo.send(res, Status.OK_200, permits.compute(() -> answer(json)));
        }
    }

    private Map<String, Object> answer(JsonNode json) {
        var request = ReplayRequestParser.parse(json, config.maxIntervals());
        var replay = Replay.run(request.settings(), request.metrics(), request.intervals(), request.endOfBake());
        var result = replay.result();
        var body = new LinkedHashMap<String, Object>();
        body.put("verdict", result.verdict());
        body.put("failedAtInterval", result.failedAtLook());
        body.put("explanation", result.explanation());
        body.put("alpha", request.settings().alpha());
        body.put("endOfBake", request.endOfBake());
        var tests = replay.state().tests();
        body.put("metrics", result.measurements().stream().map(m -> metric(m, tests.stream()
                .filter(t -> t.metric().equals(m.metric())).findFirst().orElseThrow().upperBound())).toList());
        body.put("looks", replay.looks().stream().map(AnalysisHttpService::look).toList());
        return body;
    }

    private static Map<String, Object> look(Replay.LookRecord look) {
        var out = new LinkedHashMap<String, Object>();
        out.put("interval", look.interval());
        out.put("verdict", look.verdict());
        out.put("statistic", finite(Math.exp(look.logEValue())));
        out.put("metric", look.metric().name());
        return out;
    }

    private static Map<String, Object> metric(Measurement m, double upperBound) {
        var out = new LinkedHashMap<String, Object>();
        out.put("metric", m.metric().name());
        out.put("verdict", m.verdict());
        out.put("explanation", m.explanation());
        if (m instanceof Measurement.Measured measured) {
            Evidence e = measured.evidence();
            out.put("baseline", side(m.metric(), e.baseline()));
            out.put("canary", side(m.metric(), e.canary()));
            out.put("eValue", finite(e.eValue()));
            out.put("logEValue", e.logEValue());
            out.put("alpha", e.alpha());
            out.put("threshold", e.threshold());
            // null: the data do not bound the ratio yet
            out.put("upperBound", Double.isInfinite(upperBound) ? null : upperBound);
            out.put("maxRatio", e.maxRatio());
        }
        out.put("failedAtInterval", m instanceof Measurement.Fail f ? f.failedAtLook() : null);
        return out;
    }

    private static Map<String, Object> side(Metric metric, Counts counts) {
        var out = new LinkedHashMap<String, Object>();
        out.put("requests", counts.requests());
        out.put(metric.slowerThanSeconds() == null ? "errors" : "slow", counts.bad());
        return out;
    }

    /** JSON has no infinity: an e-value beyond a double's range is written as the largest double (logEValue is exact). */
    private static double finite(double value) {
        return Double.isInfinite(value) ? Double.MAX_VALUE : value;
    }
}
