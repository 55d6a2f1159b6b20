package io.tollgate.slo;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.slo.Definitions.DataSourceDef;
import io.tollgate.slo.Definitions.PolicyUse;
import io.tollgate.slo.Definitions.ServiceDef;
import io.tollgate.slo.Definitions.SliDef;
import io.tollgate.slo.Definitions.SloDef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Checks one document's envelope and dispatches on its kind, registering what it defines. */
final class DocumentParser {

    static final String API_VERSION = "openslo/v1";
    private static final List<String> KINDS = List.of("AlertCondition", "AlertPolicy", "DataSource", "SLI", "SLO", "Service");

    private DocumentParser() {
    }

    static void parse(Doc doc, Definitions defs) {
        var root = doc.root;
        if (!root.isObject()) {
            doc.problem("", "expected an OpenSLO object (apiVersion, kind, metadata, spec), got " + Doc.describe(root));
            return;
        }
        doc.onlyFields(root, "", Set.of("apiVersion", "kind", "metadata", "spec"));
        var apiVersion = doc.text(root, "apiVersion", "", true);
        if (apiVersion != null && !apiVersion.equals(API_VERSION)) {
            doc.problem("apiVersion", "unsupported '" + apiVersion + "', expected " + API_VERSION);
        }
        var kind = doc.text(root, "kind", "", true);
        if (kind == null) {
            return;
        }
        if (!KINDS.contains(kind)) {
            var why = kind.equals("AlertNotificationTarget")
                    ? "AlertNotificationTarget is not supported: Tollgate does not send notifications; route the generated "
                            + "alerts with Alertmanager on their severity, slo, service and burn_rule labels"
                    : "unknown kind '" + kind + "', expected one of " + String.join(", ", KINDS);
            doc.problem("kind", why);
            return;
        }
        var header = Header.parse(doc, root, "", kind);
        var spec = doc.object(root, "spec", "", true);
        // A bad or duplicate name must not hide the problems of the spec: it is always checked, and only
        // registered (so that references can find it) when its name is valid and new.
        var name = header.name();
        var registered = name != null && defs.register(kind, name, doc);
        switch (kind) {
            case "DataSource" -> {
                var type = dataSourceType(doc, spec);
                if (registered) {
                    defs.dataSources.put(name, new DataSourceDef(name, type, doc));
                }
            }
            case "Service" -> {
                doc.onlyFields(spec, "spec", Set.of("description"));
                if (registered) {
                    defs.services.put(name, new ServiceDef(name, doc));
                }
            }
            case "SLI" -> {
                var sli = new SliDef(name, IndicatorParser.parse(doc, spec, "spec"), doc);
                if (registered) {
                    defs.slis.put(name, sli);
                } else {
                    defs.unregisteredSlis.add(sli);
                }
            }
            case "AlertPolicy" -> {
                var policy = AlertParser.policy(doc, name, spec, "spec");
                if (registered) {
                    defs.policies.put(name, policy);
                } else {
                    defs.unregisteredPolicies.add(policy);
                }
            }
            case "AlertCondition" -> {
                var condition = AlertParser.condition(doc, header, spec, "spec");
                if (registered && condition != null) {
                    defs.conditions.put(name, condition);
                }
            }
            case "SLO" -> {
                var slo = slo(doc, header, spec);
                if (registered) {
                    defs.slos.put(name, slo);
                } else {
                    defs.unregisteredSlos.add(slo);
                }
            }
            default -> throw new IllegalStateException(kind);
        }
    }

    /** The type when it is Prometheus, else null (problem reported). */
    private static String dataSourceType(Doc doc, JsonNode spec) {
        doc.onlyFields(spec, "spec", Set.of("description", "type", "connectionDetails"));
        if (spec != null && spec.has("connectionDetails")) {
            doc.problem("spec.connectionDetails", "not supported: Tollgate queries the Prometheus of its configuration "
                    + "(slo.prometheusUrl), whatever a DataSource says; remove connectionDetails");
        }
        var type = doc.text(spec, "type", "spec", spec != null);
        if (type != null && !type.equals("Prometheus")) {
            doc.problem("spec.type", "unsupported data source type '" + type + "'; only Prometheus is supported");
            return null;
        }
        return type;
    }

    private static SloDef slo(Doc doc, Header header, JsonNode spec) {
        if (spec == null) {
            return new SloDef(header.name(), header.displayName(), null, null, null, null, null, List.of(), doc);
        }
        doc.onlyFields(spec, "spec", Set.of("description", "service", "indicator", "indicatorRef",
                "budgetingMethod", "timeWindow", "objectives", "alertPolicies"));
        var service = doc.text(spec, "service", "spec", true);
        var inline = doc.object(spec, "indicator", "spec", false);
        var indicatorRef = doc.text(spec, "indicatorRef", "spec", false);
        Definitions.Indicator indicator = null;
        if (inline != null && indicatorRef != null) {
            doc.problem("spec.indicatorRef", "give either indicator or indicatorRef, not both");
        } else if (inline != null) {
            doc.onlyFields(inline, "spec.indicator", Set.of("metadata", "spec"));
            if (inline.has("metadata")) {
                Header.parse(doc, inline, "spec.indicator", "SLI");
            }
            indicator = IndicatorParser.parse(doc, doc.object(inline, "spec", "spec.indicator", true), "spec.indicator.spec");
        } else if (indicatorRef == null && !spec.has("indicatorRef")) {
            doc.problem("spec.indicatorRef", "required (or an inline spec.indicator)");
        }
        budgetingMethod(doc, spec);
        var window = window(doc, spec);
        var target = objective(doc, spec);
        return new SloDef(header.name(), header.displayName(), service, indicator, indicatorRef, target, window,
                policies(doc, spec), doc);
    }

    private static void budgetingMethod(Doc doc, JsonNode spec) {
        var method = doc.text(spec, "budgetingMethod", "spec", true);
        if (method == null || method.equals(BudgetingMethod.OCCURRENCES.openSloName())) {
            return;
        }
        doc.problem("spec.budgetingMethod", switch (method) {
            case "Timeslices", "RatioTimeslices" -> method + " budgeting is not supported yet; use Occurrences";
            default -> "unknown budgeting method '" + method + "', expected Occurrences";
        });
    }

    private static Duration window(Doc doc, JsonNode spec) {
        var windows = doc.list(spec, "timeWindow", "spec", true);
        if (windows.size() != 1) {
            if (spec.has("timeWindow")) {
                doc.problem("spec.timeWindow", "must hold exactly one window, got " + windows.size());
            }
            return null;
        }
        var path = "spec.timeWindow[0]";
        var tw = windows.getFirst();
        doc.onlyFields(tw, path, Set.of("duration", "isRolling", "calendar"));
        var duration = doc.duration(tw, "duration", path, true);
        var rolling = doc.bool(tw, "isRolling", path, true);
        if (Boolean.FALSE.equals(rolling) || tw.has("calendar")) {
            doc.problem(path + (tw.has("calendar") ? ".calendar" : ".isRolling"),
                    "calendar-aligned windows are not supported yet; use isRolling: true");
            return null;
        }
        return rolling == null ? null : duration;
    }

    private static Double objective(Doc doc, JsonNode spec) {
        var objectives = doc.list(spec, "objectives", "spec", true);
        if (objectives.size() != 1) {
            if (spec.has("objectives")) {
                doc.problem("spec.objectives", "must hold exactly one objective, got " + objectives.size());
            }
            return null;
        }
        var path = "spec.objectives[0]";
        var objective = objectives.getFirst();
        doc.onlyFields(objective, path, Set.of("displayName", "target", "targetPercent", "op", "value",
                "timeSliceTarget", "timeSliceWindow"));
        for (var field : List.of("op", "value")) {
            if (objective.has(field)) {
                doc.problem(Doc.join(path, field), "applies to thresholdMetric SLIs, which are not supported");
            }
        }
        for (var field : List.of("timeSliceTarget", "timeSliceWindow")) {
            if (objective.has(field)) {
                doc.problem(Doc.join(path, field), "Timeslices budgeting is not supported yet; use Occurrences");
            }
        }
        return target(doc, objective, path);
    }

    /**
     * The objective as a ratio: {@code target} (0.999) or {@code targetPercent} (99.9), exactly one of them,
     * as OpenSLO v1 defines; null when missing or invalid (problem reported).
     */
    private static Double target(Doc doc, JsonNode objective, String path) {
        if (!objective.isObject()) {
            doc.problem(path, "must be a mapping with target or targetPercent, got " + Doc.describe(objective));
            return null;
        }
        if (objective.has("target") && objective.has("targetPercent")) {
            doc.problem(Doc.join(path, "targetPercent"), "give either target (a ratio, e.g. 0.999) or targetPercent "
                    + "(e.g. 99.9), not both");
            return null;
        }
        if (objective.has("targetPercent")) {
            var percent = doc.number(objective, "targetPercent", path, true);
            if (percent != null && !(percent > 0 && percent < 100)) {
                doc.problem(Doc.join(path, "targetPercent"), "must be in (0,100), got " + Numbers.plain(percent));
                return null;
            }
            return percent == null ? null : Numbers.percentToRatio(percent);
        }
        if (!objective.has("target")) {
            doc.problem(Doc.join(path, "target"), "required (a ratio, e.g. 0.999), or targetPercent (e.g. 99.9)");
            return null;
        }
        var target = doc.number(objective, "target", path, true);
        if (target != null && !(target > 0 && target < 1)) {
            doc.problem(Doc.join(path, "target"), "must be in (0,1), got " + Numbers.plain(target));
            return null;
        }
        return target;
    }

    private static List<PolicyUse> policies(Doc doc, JsonNode spec) {
        var uses = new ArrayList<PolicyUse>();
        var items = doc.list(spec, "alertPolicies", "spec", false);
        for (int i = 0; i < items.size(); i++) {
            var item = items.get(i);
            var path = "spec.alertPolicies[" + i + "]";
            if (item.isTextual()) {
                uses.add(new PolicyUse(item.asText(), null, path));
            } else if (item.isObject() && item.has("alertPolicyRef")) {
                doc.onlyFields(item, path, Set.of("alertPolicyRef"));
                var ref = doc.text(item, "alertPolicyRef", path, true);
                if (ref != null) {
                    uses.add(new PolicyUse(ref, null, Doc.join(path, "alertPolicyRef")));
                }
            } else if (item.isObject()) {
                // Checked even when its name is invalid (then the load fails on that problem anyway).
                var header = Header.parseInline(doc, item, path, "AlertPolicy");
                var policy = AlertParser.policy(doc, header.name(), doc.object(item, "spec", path, true), path + ".spec");
                uses.add(new PolicyUse(null, policy, path));
            } else {
                doc.problem(path, "must be {alertPolicyRef: name} or an inline AlertPolicy, got " + Doc.describe(item));
            }
        }
        return uses;
    }
}
