package io.tollgate.budget;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.json.Json;
import io.tollgate.slo.Durations;
import java.util.List;

/**
 * SLO states as JSON: {@link #policyInput} is the contract with the Rego policies (docs/policies.md,
 * {@code input.slos}); {@link #detail} is what {@code GET /v1/slos/{name}} shows.
 */
public final class SloJson {
    private SloJson() {
    }

    public static ArrayNode policyInput(List<SloStatus> states) {
        var array = Json.mapper().createArrayNode();
        for (var s : states) {
            var o = common(array.addObject(), s);
            o.put("evaluatedAt", s.at().toString());
            var burns = o.putArray("burnRates");
            s.burnRates().forEach(r -> burn(burns.addObject(), r));
            queries(o, s);
        }
        return array;
    }

    public static ObjectNode detail(SloStatus s) {
        var o = Json.mapper().createObjectNode();
        o.put("name", s.slo().name());
        o.put("displayName", s.slo().displayName());
        common(o, s);
        o.put("budgetingMethod", s.slo().budgetingMethod().name());
        o.put("source", s.slo().sourceFile());
        o.put("dataAt", s.at().toString());
        if (s.available()) {
            var b = s.budget();
            var budget = (ObjectNode) o.get("errorBudget");
            budget.put("totalRatio", 1 - s.slo().target());
            budget.put("totalEvents", b.totalEvents());
            budget.put("allowedBadEvents", b.allowedBadEvents());
            budget.put("badEvents", b.badEvents());
            budget.put("remainingEvents", b.remainingEvents());
            budget.put("burnRate", b.burnRate());
        }
        var burns = o.putArray("burnRates");
        s.burnRates().forEach(r -> burn(burns.addObject(), r).put("firing", r.firing()));
        queries(o, s);
        return o;
    }

    /** Fields both shapes share; {@code errorBudget} holds the ratios the policies read. */
    private static ObjectNode common(ObjectNode o, SloStatus s) {
        o.put("name", s.slo().name());
        o.put("service", s.slo().service());
        o.put("target", s.slo().target());
        o.put("window", Durations.toPrometheus(s.slo().window()));
        o.put("status", s.available() ? "ok" : "unavailable");
        o.put("problem", s.problem());
        o.put("dataComplete", s.dataComplete());
        if (s.available()) {
            o.put("sli", s.sli());
            var b = o.putObject("errorBudget");
            b.put("consumedRatio", s.budget().consumed());
            b.put("remainingRatio", s.budget().remaining());
            b.put("remainingMinutes", s.budget().remainingMinutes());
        } else {
            o.putNull("sli");
            o.putNull("errorBudget");
        }
        return o;
    }

    private static void queries(ObjectNode o, SloStatus s) {
        var queries = o.putArray("queries");
        s.queries().forEach(queries::add);
    }

    private static ObjectNode burn(ObjectNode o, SloStatus.BurnRateStatus r) {
        o.put("name", r.name());
        o.put("severity", r.severity());
        o.put("threshold", r.threshold());
        o.put("longWindow", Durations.toPrometheus(r.longWindow()));
        o.put("shortWindow", Durations.toPrometheus(r.shortWindow()));
        o.put("longRate", r.longRate());
        o.put("shortRate", r.shortRate());
        return o;
    }
}
