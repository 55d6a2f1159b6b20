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
            var o = array.addObject();
            o.put("name", s.slo().name());
            o.put("service", s.slo().service());
            o.put("target", s.slo().target());
            o.put("window", Durations.toPrometheus(s.slo().window()));
            o.put("status", s.available() ? "ok" : "unavailable");
            o.put("problem", s.problem());
            o.put("evaluatedAt", s.at().toString());
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
            var burns = o.putArray("burnRates");
            s.burnRates().forEach(r -> burn(burns.addObject(), r));
            var queries = o.putArray("queries");
            s.queries().forEach(queries::add);
        }
        return array;
    }

    public static ObjectNode detail(SloStatus s) {
        var o = Json.mapper().createObjectNode();
        o.put("name", s.slo().name());
        o.put("displayName", s.slo().displayName());
        o.put("service", s.slo().service());
        o.put("target", s.slo().target());
        o.put("window", Durations.toPrometheus(s.slo().window()));
        o.put("budgetingMethod", s.slo().budgetingMethod().name());
        o.put("source", s.slo().sourceFile());
        o.put("status", s.available() ? "ok" : "unavailable");
        o.put("problem", s.problem());
        o.put("dataAt", s.at().toString());
        o.put("dataComplete", s.dataComplete());
        if (s.available()) {
            var b = s.budget();
            o.put("sli", s.sli());
            var budget = o.putObject("errorBudget");
            budget.put("totalRatio", 1 - s.slo().target());
            budget.put("consumedRatio", b.consumed());
            budget.put("remainingRatio", b.remaining());
            budget.put("remainingMinutes", b.remainingMinutes());
            budget.put("totalEvents", b.totalEvents());
            budget.put("allowedBadEvents", b.allowedBadEvents());
            budget.put("badEvents", b.badEvents());
            budget.put("remainingEvents", b.remainingEvents());
            budget.put("burnRate", b.burnRate());
        }
        var burns = o.putArray("burnRates");
        s.burnRates().forEach(r -> burn(burns.addObject(), r).put("firing", r.firing()));
        var queries = o.putArray("queries");
        s.queries().forEach(queries::add);
        return o;
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
