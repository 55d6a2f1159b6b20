package io.tollgate.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.plan.PlanGraph;
import io.tollgate.plan.PlanSpec;
import io.tollgate.release.AdapterRegistry;
import io.tollgate.release.ReleaseConfig;
import io.tollgate.release.ReleaseSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a {@code POST /v1/release-plans} body into a {@link PlanSpec}, or a 400 naming the first bad field. Each release
 * is validated exactly as {@code POST /v1/releases} validates one, its fields named under {@code releases[i]}.
 */
final class PlanRequestParser {
    static final Set<String> TOP_FIELDS = Set.of("name", "environment", "releases", "watch", "maxParallel", "dryRun");
    private static final Set<String> ENTRY_FIELDS = Set.of("key", "service", "version", "change", "strategy", "flag", "traffic",
            "dependsOn", "startWhen");
    /** The plan's own fields, given to every release as they are (their errors keep their own names). */
    private static final Set<String> SHARED = Set.of("environment", "dryRun");
    static final int MAX_RELEASES = 100;

    private PlanRequestParser() {
    }

    static PlanSpec parse(JsonNode body, ReleaseConfig config, AdapterRegistry adapters) {
        TextRules.requireStorable(body, "");
        HttpIo.rejectUnknownFields(body, TOP_FIELDS, "");
        String name = name(body.get("name"), "name");
        JsonNode list = body.get("releases");
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > MAX_RELEASES) {
            throw ApiException.badRequest(list == null ? "missing_field" : "invalid_value", "releases",
                    "must be an array of 1-" + MAX_RELEASES + " releases");
        }
        var entries = new ArrayList<PlanSpec.Entry>();
        var nodes = new ArrayList<PlanGraph.Node>();
        for (int i = 0; i < list.size(); i++) {
            String at = "releases[" + i + "]";
            JsonNode e = list.get(i);
            if (!e.isObject()) {
                throw ApiException.badRequest("invalid_value", at, "must be an object");
            }
            HttpIo.rejectUnknownFields(e, ENTRY_FIELDS, at);
            String key = name(e.get("key"), at + ".key");
            var dependsOn = names(e.get("dependsOn"), at + ".dependsOn");
            ReleaseSpec release = release(body, (ObjectNode) e, at, config, adapters);
            entries.add(new PlanSpec.Entry(key, dependsOn, null, release));
            nodes.add(new PlanGraph.Node(key, release.service(), dependsOn));
        }
        try {
            PlanGraph.of(nodes);
        } catch (PlanGraph.Problem p) {
            throw ApiException.badRequest("invalid_value", p.field(), p.getMessage());
        }
        var withStart = new ArrayList<PlanSpec.Entry>();
        for (int i = 0; i < entries.size(); i++) {
            var e = entries.get(i);
            withStart.add(new PlanSpec.Entry(e.key(), e.dependsOn(), startWhen(list.get(i).get("startWhen"), "releases[" + i + "].startWhen",
                    e, entries), e.release()));
        }
        var watch = names(body.get("watch"), "watch");
        int maxParallel = maxParallel(body.get("maxParallel"), entries.size());
        return new PlanSpec(name, entries.getFirst().release().environment(), withStart, watch, maxParallel,
                entries.getFirst().release().dryRun());
    }

    /** One release, parsed by the release parser with the plan's environment and dryRun; its errors under {@code at}. */
    private static ReleaseSpec release(JsonNode plan, ObjectNode entry, String at, ReleaseConfig config, AdapterRegistry adapters) {
        ObjectNode body = entry.deepCopy();
        body.remove(List.of("key", "dependsOn", "startWhen"));
        SHARED.forEach(f -> body.set(f, plan.get(f)));
        try {
            return ReleaseRequestParser.parse(body, config, adapters);
        } catch (ApiException e) {
            boolean shared = e.field() != null && SHARED.contains(e.field());
            String field = e.field() == null ? at : shared ? e.field() : at + "." + e.field();
            throw new ApiException(e.status(), e.code(), field, e.getMessage());
        }
    }

    /** {@code promoted} (the default) or a stage every dependency has. */
    private static String startWhen(JsonNode value, String field, PlanSpec.Entry e, List<PlanSpec.Entry> all) {
        if (value == null || value.isNull()) {
            return PlanSpec.PROMOTED;
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest("invalid_value", field, "must be \"promoted\" or a stage name of the dependencies");
        }
        String when = value.textValue();
        if (e.dependsOn().isEmpty()) {
            throw ApiException.badRequest("invalid_value", field, "\"" + e.key() + "\" has no dependsOn to wait for");
        }
        if (PlanSpec.PROMOTED.equals(when)) {
            return when;
        }
        for (String d : e.dependsOn()) {
            var dep = all.stream().filter(x -> x.key().equals(d)).findFirst().orElseThrow();
            var stages = dep.release().stages().stream().map(ReleaseSpec.Stage::name).toList();
            if (!stages.contains(when)) {
                throw ApiException.badRequest("invalid_value", field, "dependency \"" + d + "\" has no stage \"" + when + "\" (its stages: "
                        + String.join(", ", stages) + "); use \"promoted\" or one of them");
            }
        }
        return when;
    }

    private static int maxParallel(JsonNode value, int releases) {
        if (value == null || value.isNull()) {
            return releases;
        }
        if (!value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > MAX_RELEASES) {
            throw ApiException.badRequest("invalid_value", "maxParallel", "must be an integer from 1 to " + MAX_RELEASES);
        }
        return value.asInt();
    }

    private static String name(JsonNode v, String field) {
        if (v == null || v.isNull()) {
            throw ApiException.badRequest("missing_field", field, "required");
        }
        if (!v.isTextual() || !TextRules.NAME.matcher(v.textValue()).matches()) {
            throw ApiException.badRequest("invalid_value", field, "must be 1-63 characters of letters, digits, '.', '_' or '-'");
        }
        return v.textValue();
    }

    private static List<String> names(JsonNode v, String field) {
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray() || v.size() > MAX_RELEASES) {
            throw ApiException.badRequest("invalid_value", field, "must be an array of names");
        }
        var out = new ArrayList<String>();
        for (int i = 0; i < v.size(); i++) {
            out.add(name(v.get(i), field + "[" + i + "]"));
        }
        return out;
    }
}
