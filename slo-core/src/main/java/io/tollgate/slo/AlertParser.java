package io.tollgate.slo;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.slo.Definitions.ConditionDef;
import io.tollgate.slo.Definitions.ConditionUse;
import io.tollgate.slo.Definitions.PolicyDef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Set;

/** Parses AlertPolicy and AlertCondition specs, top-level or inline. */
final class AlertParser {

    /** AlertCondition annotation naming the short (reset) window of a burn-rate condition. */
    static final String SHORT_WINDOW_ANNOTATION = "tollgate.io/short-window";
    /** The only supported {@code condition.op}: at or above the threshold (PromQL {@code >=}). */
    static final String OP = "gte";

    private AlertParser() {
    }

    /** Parses an AlertPolicy {@code spec} at {@code path}. */
    static PolicyDef policy(Doc doc, String name, JsonNode spec, String path) {
        if (spec == null) {
            return new PolicyDef(name, java.util.List.of(), false, doc);
        }
        doc.onlyFields(spec, path, Set.of("description", "alertWhenBreaching", "alertWhenResolved",
                "alertWhenNoData", "conditions", "notificationTargets"));
        if (Boolean.FALSE.equals(doc.bool(spec, "alertWhenBreaching", path, false))) {
            doc.problem(Doc.join(path, "alertWhenBreaching"),
                    "false is not supported: Tollgate burn-rate alerts fire while the budget burns too fast");
        }
        if (Boolean.TRUE.equals(doc.bool(spec, "alertWhenResolved", path, false))) {
            doc.problem(Doc.join(path, "alertWhenResolved"), "true is not supported: Tollgate generates no alert when a "
                    + "condition resolves; whether the end of an alert is notified is the send_resolved setting of "
                    + "the Alertmanager receiver");
        }
        var noData = Boolean.TRUE.equals(doc.bool(spec, "alertWhenNoData", path, false));
        if (spec.has("notificationTargets")) {
            doc.problem(Doc.join(path, "notificationTargets"), "not supported: Tollgate does not send notifications; "
                    + "route the generated alerts with Alertmanager on their severity, slo, service and burn_rule labels");
        }
        var conditions = new ArrayList<ConditionUse>();
        var items = doc.list(spec, "conditions", path, true);
        if (items.isEmpty() && spec.has("conditions")) {
            doc.problem(Doc.join(path, "conditions"), "must name at least one condition");
        }
        for (int i = 0; i < items.size(); i++) {
            var item = items.get(i);
            var itemPath = Doc.join(path, "conditions") + "[" + i + "]";
            if (!item.isObject()) {
                doc.problem(itemPath, "must be {conditionRef: name} or an inline AlertCondition, got " + Doc.describe(item));
            } else if (item.has("conditionRef")) {
                doc.onlyFields(item, itemPath, Set.of("conditionRef"));
                var ref = doc.text(item, "conditionRef", itemPath, true);
                if (ref != null) {
                    conditions.add(new ConditionUse(ref, null, doc, Doc.join(itemPath, "conditionRef")));
                }
            } else {
                var header = Header.parseInline(doc, item, itemPath, "AlertCondition");
                var inline = condition(doc, header, doc.object(item, "spec", itemPath, true), Doc.join(itemPath, "spec"));
                if (inline != null) {
                    conditions.add(new ConditionUse(null, inline, doc, itemPath));
                }
            }
        }
        return new PolicyDef(name, conditions, noData, doc);
    }

    /** Parses an AlertCondition {@code spec} at {@code path}; null when invalid (problems reported). */
    static ConditionDef condition(Doc doc, Header header, JsonNode spec, String path) {
        if (spec == null) {
            return null;
        }
        doc.onlyFields(spec, path, Set.of("description", "severity", "condition"));
        var severity = doc.text(spec, "severity", path, true);
        var condPath = Doc.join(path, "condition");
        var cond = doc.object(spec, "condition", path, true);
        if (cond == null) {
            return null;
        }
        doc.onlyFields(cond, condPath, Set.of("kind", "op", "threshold", "lookbackWindow", "alertAfter"));
        var kind = doc.text(cond, "kind", condPath, true);
        if (kind != null && !kind.equals("burnrate")) {
            doc.problem(Doc.join(condPath, "kind"), "unsupported condition kind '" + kind + "'; only burnrate is supported");
        }
        var op = doc.text(cond, "op", condPath, false);
        if (op != null && !op.equals(OP)) {
            // One comparison everywhere: the generated rules, the gate's burn-rate status and the policies all
            // fire at or above the threshold, so gt (strictly above) would be read as something else.
            doc.problem(Doc.join(condPath, "op"), "'" + op + "' is not supported; a burn-rate alert fires when "
                    + "the burn rate is at or above the threshold (op: " + OP + "), in the generated rules and in "
                    + "the gate policies alike");
        }
        var threshold = doc.number(cond, "threshold", condPath, true);
        if (threshold != null && !(threshold > 0)) {
            doc.problem(Doc.join(condPath, "threshold"), "must be > 0, got " + Numbers.plain(threshold));
            threshold = null;
        }
        var lookback = doc.duration(cond, "lookbackWindow", condPath, true);
        var alertAfter = doc.duration(cond, "alertAfter", condPath, false);
        var shortWindow = shortWindow(doc, header, lookback);
        if (header.name() == null || severity == null || threshold == null || lookback == null || shortWindow == null
                || (kind != null && !kind.equals("burnrate")) || (op != null && !op.equals(OP))) {
            return null;
        }
        return new ConditionDef(header.name(), severity, threshold, lookback, shortWindow,
                alertAfter == null ? Duration.ZERO : alertAfter);
    }

    private static Duration shortWindow(Doc doc, Header header, Duration lookback) {
        var text = header.annotations().get(SHORT_WINDOW_ANNOTATION);
        if (text == null) {
            return lookback == null ? null : BurnRateRule.defaultShortWindow(lookback);
        }
        var path = header.path() + ".annotations[" + SHORT_WINDOW_ANNOTATION + "]";
        try {
            var shortWindow = Durations.parse(text);
            if (lookback != null && shortWindow.compareTo(lookback) >= 0) {
                doc.problem(path, "must be shorter than lookbackWindow " + Durations.toPrometheus(lookback)
                        + ", got " + text);
                return null;
            }
            return shortWindow;
        } catch (IllegalArgumentException e) {
            doc.problem(path, e.getMessage());
            return null;
        }
    }
}
