package io.tollgate.slo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed-but-unresolved OpenSLO objects of a directory, by kind and name. Fields are null where the
 * document was invalid (the problem is already reported); references are still names.
 */
final class Definitions {

    /** A {@code metricSource}: a DataSource reference and/or an inline type, plus the query. */
    record MetricSource(String ref, String type, String query, Doc doc, String path) {
    }

    /** A {@code ratioMetric} before its metric sources are resolved. */
    record Indicator(RatioIndicator.Kind kind, MetricSource numerator, MetricSource total, Boolean counter) {
    }

    record DataSourceDef(String name, String type, Doc doc) {
    }

    record ServiceDef(String name, Doc doc) {
    }

    record SliDef(String name, Indicator indicator, Doc doc) {
    }

    record ConditionDef(String name, String severity, Double threshold, Duration lookback, Duration shortWindow,
                        Duration alertAfter) {
    }

    /** A condition of a policy: by {@code conditionRef} or inline. */
    record ConditionUse(String ref, ConditionDef inline, Doc doc, String path) {
    }

    /** An AlertPolicy; {@code name} is null when invalid. */
    record PolicyDef(String name, List<ConditionUse> conditions, boolean alertWhenNoData, Doc doc) {
    }

    /** An entry of {@code spec.alertPolicies}: by reference or inline. */
    record PolicyUse(String ref, PolicyDef inline, String path) {
    }

    record SloDef(String name, String displayName, String service, Indicator inlineIndicator, String indicatorRef,
                  Double target, Duration window, List<PolicyUse> policies, Doc doc) {
    }

    final Map<String, DataSourceDef> dataSources = new LinkedHashMap<>();
    final Map<String, ServiceDef> services = new LinkedHashMap<>();
    final Map<String, SliDef> slis = new LinkedHashMap<>();
    final Map<String, ConditionDef> conditions = new LinkedHashMap<>();
    final Map<String, PolicyDef> policies = new LinkedHashMap<>();
    final Map<String, SloDef> slos = new LinkedHashMap<>();
    /**
     * Objects whose name is invalid or already taken: nothing can refer to them, but their own references
     * are still checked so that one run reports every problem.
     */
    final List<SliDef> unregisteredSlis = new ArrayList<>();
    final List<PolicyDef> unregisteredPolicies = new ArrayList<>();
    final List<SloDef> unregisteredSlos = new ArrayList<>();
    /** Where each (kind, name) was first defined, for duplicate messages. */
    private final Map<String, String> definedAt = new LinkedHashMap<>();

    /** Whether a {@code kind} named {@code name} was defined, valid or not. */
    boolean isDefined(String kind, String name) {
        return definedAt.containsKey(kind + "/" + name);
    }

    /** The names defined for {@code kind}, for "no X named ..." messages. */
    String known(String kind) {
        var names = definedAt.keySet().stream().filter(k -> k.startsWith(kind + "/"))
                .map(k -> k.substring(kind.length() + 1)).toList();
        return names.isEmpty() ? "none is defined" : "defined: " + String.join(", ", names);
    }

    /** Registers {@code name} of {@code kind}; reports a duplicate and returns false if already defined. */
    boolean register(String kind, String name, Doc doc) {
        var first = definedAt.putIfAbsent(kind + "/" + name, doc.label);
        if (first != null) {
            doc.problem("metadata.name", "duplicate " + kind + " name '" + name + "', first defined in " + first);
            return false;
        }
        return true;
    }
}
