package io.tollgate.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.json.Json;
import io.tollgate.release.AdapterRegistry;
import io.tollgate.release.AnalysisRules;
import io.tollgate.release.AnalysisSpec;
import io.tollgate.release.OnDrift;
import io.tollgate.release.ReleaseConfig;
import io.tollgate.release.ReleaseSpec;
import io.tollgate.release.StageRules;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns a {@code POST /v1/releases} body into a {@link ReleaseSpec}, or a 400 naming the first bad field. */
final class ReleaseRequestParser {
    static final Set<String> TOP_FIELDS = Set.of("service", "version", "environment", "change", "strategy", "flag", "traffic", "dryRun");
    private static final Set<String> FLAG_FIELDS = Set.of("provider", "feature", "environment");
    private static final Set<String> TRAFFIC_FIELDS = Set.of("provider", "route", "backend", "stable", "canary");

    private ReleaseRequestParser() {
    }

    static ReleaseSpec parse(JsonNode body, ReleaseConfig config, AdapterRegistry adapters) {
        TextRules.requireStorable(body, "");
        HttpIo.rejectUnknownFields(body, TOP_FIELDS, "");
        // The change facts follow the gate check's rules exactly (NFKC identities, commit token, ...).
        var check = Json.mapper().createObjectNode();
        check.set("service", body.get("service"));
        check.set("version", body.get("version"));
        check.set("environment", body.get("environment"));
        check.put("stage", "release");
        check.set("change", body.get("change"));
        check.set("dryRun", body.get("dryRun"));
        var parsed = CheckRequestParser.parse(check);
        var c = parsed.change();

        JsonNode strategy = body.get("strategy");
        String strategyName = null;
        List<ReleaseSpec.Stage> stages;
        OnDrift onDrift = OnDrift.HALT;
        AnalysisSpec analysis = null;
        if (strategy == null || strategy.isNull()) {
            throw ApiException.badRequest("missing_field", "strategy", "required: a strategy name or {\"stages\": [...]}");
        } else if (strategy.isTextual()) {
            strategyName = strategy.textValue();
            stages = config.strategies().get(strategyName);
            if (stages == null) {
                throw ApiException.badRequest("invalid_value", "strategy", "no strategy named \"" + strategyName + "\"; known: "
                        + (config.strategies().isEmpty() ? "none" : String.join(", ", config.strategies().keySet().stream().sorted().toList())));
            }
            analysis = config.strategyAnalysis().get(strategyName);
            onDrift = config.onDrift(strategyName);
        } else if (strategy.isObject()) {
            HttpIo.rejectUnknownFields(strategy, Set.of("stages", "onDrift", "analysis"), "strategy");
            onDrift = onDrift(strategy.get("onDrift"));
            try {
                analysis = AnalysisRules.parse(strategy.has("analysis") ? Json.mapper().convertValue(strategy.get("analysis"), Object.class) : null);
            } catch (StageRules.StageProblem p) {
                throw ApiException.badRequest("invalid_value", "strategy." + p.field(), p.getMessage());
            }
            if (!strategy.path("stages").isArray()) {
                throw ApiException.badRequest("invalid_value", "strategy.stages", "must be an array of stages");
            }
            try {
                stages = StageRules.parse(Json.mapper().convertValue(strategy.get("stages"), new TypeReference<List<Map<String, Object>>>() { }));
            } catch (StageRules.StageProblem p) {
                throw ApiException.badRequest("invalid_value", "strategy." + p.field(), p.getMessage());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("invalid_value", "strategy.stages", "every stage must be an object");
            }
        } else {
            throw ApiException.badRequest("invalid_value", "strategy", "must be a strategy name or an object with stages");
        }

        JsonNode flag = object(body, "flag", FLAG_FIELDS);
        String flagProvider = text(flag, "flag", "provider");
        if (!adapters.flagTypes().contains(flagProvider)) {
            throw ApiException.badRequest("invalid_value", "flag.provider", "unknown flag provider \"" + flagProvider + "\"; known: "
                    + String.join(", ", adapters.flagTypes()));
        }
        JsonNode traffic = object(body, "traffic", TRAFFIC_FIELDS);
        String trafficProvider = text(traffic, "traffic", "provider");
        if (!adapters.trafficTypes().contains(trafficProvider)) {
            throw ApiException.badRequest("invalid_value", "traffic.provider", "unknown traffic provider \"" + trafficProvider
                    + "\"; known: " + String.join(", ", adapters.trafficTypes()));
        }
        return new ReleaseSpec(parsed.service(), parsed.version(), parsed.environment(),
                new ReleaseSpec.Change(c.commit(), c.pipeline(), c.author(), c.approvals(), c.labels(), c.committedAt()), strategyName, stages,
                new ReleaseSpec.Flag(flagProvider, text(flag, "flag", "feature"), text(flag, "flag", "environment")),
                new ReleaseSpec.Traffic(trafficProvider, route(traffic), text(traffic, "traffic", "stable"),
                        text(traffic, "traffic", "canary")),
                parsed.dryRun(), onDrift, analysis);
    }

    /** {@code traffic.route}; {@code traffic.backend} is its name from before adapters were plug-ins, accepted alone. */
    private static String route(JsonNode traffic) {
        if (traffic.has("backend") && !traffic.has("route")) {
            return text(traffic, "traffic", "backend");
        }
        if (traffic.has("backend")) {
            throw ApiException.badRequest("invalid_value", "traffic.backend", "give traffic.route only (backend is its old name)");
        }
        return text(traffic, "traffic", "route");
    }

    /** {@code strategy.onDrift}: absent → halt; else exactly {@code halt} or {@code reapply}. */
    private static OnDrift onDrift(JsonNode value) {
        if (value == null || value.isNull()) {
            return OnDrift.HALT;
        }
        return (value.isTextual() ? OnDrift.fromWire(value.textValue()) : java.util.Optional.<OnDrift>empty())
                .orElseThrow(() -> ApiException.badRequest("invalid_value", "strategy.onDrift",
                        "must be \"halt\" (record drift_detected and halt) or \"reapply\" (record it and set the desired value again), got "
                                + value));
    }

    private static JsonNode object(JsonNode body, String key, Set<String> fields) {
        JsonNode v = body.get(key);
        if (v == null || v.isNull()) {
            throw ApiException.badRequest("missing_field", key, "required");
        }
        if (!v.isObject()) {
            throw ApiException.badRequest("invalid_value", key, "must be an object");
        }
        HttpIo.rejectUnknownFields(v, fields, key);
        return v;
    }

    private static String text(JsonNode parent, String prefix, String key) {
        JsonNode v = parent.get(key);
        String field = prefix + "." + key;
        if (v == null || v.isNull()) {
            throw ApiException.badRequest("missing_field", field, "required");
        }
        if (!v.isTextual() || !TextRules.NAME.matcher(v.textValue()).matches()) {
            throw ApiException.badRequest("invalid_value", field, "must be 1-63 characters of letters, digits, '.', '_' or '-'");
        }
        return v.textValue();
    }

}
