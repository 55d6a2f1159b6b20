package io.tollgate.slo;

import io.tollgate.slo.Definitions.ConditionDef;
import io.tollgate.slo.Definitions.Indicator;
import io.tollgate.slo.Definitions.MetricSource;
import io.tollgate.slo.Definitions.PolicyDef;
import io.tollgate.slo.Definitions.SloDef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Resolves the references between parsed definitions (SLO → SLI, Service, AlertPolicy → AlertCondition,
 * metric source → DataSource), checks what needs more than one document, and builds the records.
 * A reference to an object that exists but is itself invalid is not reported again.
 */
final class SloResolver {

    private final Definitions defs;
    private final Map<String, RatioIndicator> slis = new HashMap<>();
    private final Map<String, List<ConditionDef>> policies = new HashMap<>();

    private SloResolver(Definitions defs) {
        this.defs = defs;
    }

    /** The SLOs without problems; problems of the others are reported on their documents. */
    static List<Slo> resolve(Definitions defs) {
        var resolver = new SloResolver(defs);
        defs.slis.values().forEach(sli -> {
            var ratio = sli.indicator() == null ? null : resolver.indicator(sli.indicator());
            if (ratio != null) {
                resolver.slis.put(sli.name(), ratio);
            }
        });
        defs.policies.values().forEach(p -> {
            var conditions = resolver.conditions(p);
            if (conditions != null) {
                resolver.policies.put(p.name(), conditions);
            }
        });
        var slos = new ArrayList<Slo>();
        for (var slo : defs.slos.values()) {
            var built = resolver.slo(slo);
            if (built != null) {
                slos.add(built);
            }
        }
        // Objects without a usable name are never built, but their references are still checked.
        defs.unregisteredSlis.forEach(sli -> {
            if (sli.indicator() != null) {
                resolver.indicator(sli.indicator());
            }
        });
        defs.unregisteredPolicies.forEach(resolver::conditions);
        defs.unregisteredSlos.forEach(resolver::slo);
        return slos;
    }

    private Slo slo(SloDef def) {
        var doc = def.doc();
        int before = doc.problemCount();
        if (def.service() != null && !defs.services.containsKey(def.service())) {
            doc.problem("spec.service", "no Service named '" + def.service() + "' (" + defs.known("Service") + ")");
        }
        RatioIndicator indicator = null;
        if (def.inlineIndicator() != null) {
            indicator = indicator(def.inlineIndicator());
        } else if (def.indicatorRef() != null) {
            indicator = slis.get(def.indicatorRef());
            if (!defs.isDefined("SLI", def.indicatorRef())) {
                doc.problem("spec.indicatorRef", "no SLI named '" + def.indicatorRef() + "' (" + defs.known("SLI") + ")");
            }
        }
        var rules = def.target() == null || def.window() == null ? null : burnRules(def);
        if (doc.problemCount() > before || def.name() == null || indicator == null || rules == null
                || def.service() == null) {
            return null;
        }
        return new Slo(def.name(), def.displayName(), def.service(), def.target(), def.window(),
                BudgetingMethod.OCCURRENCES, indicator, rules, doc.label);
    }

    private List<BurnRateRule> burnRules(SloDef def) {
        var doc = def.doc();
        var budget = ErrorBudget.budgetRatio(def.target());
        if (def.policies().isEmpty()) {
            for (var rule : BurnRateRule.WORKBOOK_DEFAULTS) {
                check(doc, "spec.alertPolicies", "none is given, so the SRE workbook rules apply, but rule",
                        rule, def, budget);
            }
            return BurnRateRule.WORKBOOK_DEFAULTS;
        }
        var rules = new ArrayList<BurnRateRule>();
        var names = new HashSet<String>();
        var complete = true;
        for (var use : def.policies()) {
            List<ConditionDef> conditions;
            var noData = false;
            if (use.inline() != null) {
                conditions = conditions(use.inline());
                noData = use.inline().alertWhenNoData();
            } else {
                conditions = policies.get(use.ref());
                if (!defs.isDefined("AlertPolicy", use.ref())) {
                    doc.problem(use.path(), "no AlertPolicy named '" + use.ref() + "' (" + defs.known("AlertPolicy") + ")");
                } else if (defs.policies.containsKey(use.ref())) {
                    noData = defs.policies.get(use.ref()).alertWhenNoData();
                }
            }
            if (conditions == null) {
                complete = false;
                continue;
            }
            for (var c : conditions) {
                var rule = new BurnRateRule(c.name(), c.severity(), c.threshold(), c.lookback(), c.shortWindow(),
                        c.alertAfter(), noData);
                if (!names.add(rule.name())) {
                    doc.problem(use.path(), "alert condition '" + rule.name() + "' is used twice by this SLO");
                    complete = false;
                } else if (check(doc, use.path(), "alert condition", rule, def, budget)) {
                    rules.add(rule);
                } else {
                    complete = false;
                }
            }
        }
        return complete ? rules : null;
    }

    /** Reports a rule whose window exceeds the SLO window, or that could never fire; true when fine. */
    private static boolean check(Doc doc, String path, String what, BurnRateRule rule, SloDef def, double budget) {
        var ok = true;
        if (rule.longWindow().compareTo(def.window()) > 0) {
            doc.problem(path, what + " '" + rule.name() + "' looks back " + Durations.toPrometheus(rule.longWindow())
                    + ", longer than the SLO window " + Durations.toPrometheus(def.window()));
            ok = false;
        }
        var errorRatio = Numbers.times(rule.threshold(), budget);
        if (errorRatio > 1) {
            doc.problem(path, what + " '" + rule.name() + "' needs an error ratio of " + Numbers.plain(rule.threshold())
                    + " × " + Numbers.plain(budget) + " = " + Numbers.plain(errorRatio) + " (> 1) and could never fire");
            ok = false;
        }
        return ok;
    }

    /** The conditions of a policy; null when one is missing or invalid. */
    private List<ConditionDef> conditions(PolicyDef policy) {
        var result = new ArrayList<ConditionDef>();
        var complete = !policy.conditions().isEmpty();
        for (var use : policy.conditions()) {
            if (use.inline() != null) {
                result.add(use.inline());
                continue;
            }
            var condition = defs.conditions.get(use.ref());
            if (condition != null) {
                result.add(condition);
            } else {
                complete = false;
                if (!defs.isDefined("AlertCondition", use.ref())) {
                    use.doc().problem(use.path(), "no AlertCondition named '" + use.ref() + "' ("
                            + defs.known("AlertCondition") + ")");
                }
            }
        }
        return complete ? result : null;
    }

    private RatioIndicator indicator(Indicator ind) {
        var numeratorSource = dataSource(ind.numerator());
        var totalSource = dataSource(ind.total());
        if (numeratorSource == null || totalSource == null) {
            return null;
        }
        if (!numeratorSource.equals(totalSource)) {
            ind.total().doc().problem(ind.total().path(), "uses data source '" + totalSource + "' but the "
                    + (ind.kind() == RatioIndicator.Kind.GOOD_OVER_TOTAL ? "good" : "bad")
                    + " query uses '" + numeratorSource + "'; both must query the same Prometheus");
            return null;
        }
        return new RatioIndicator(ind.kind(), ind.numerator().query(), ind.total().query(), ind.counter(), numeratorSource);
    }

    /** The DataSource name, {@link RatioIndicator#DEFAULT_DATA_SOURCE} for inline Prometheus, null if broken. */
    private String dataSource(MetricSource ms) {
        if (ms.ref() == null) {
            return RatioIndicator.DEFAULT_DATA_SOURCE;
        }
        var ds = defs.dataSources.get(ms.ref());
        if (ds == null) {
            if (!defs.isDefined("DataSource", ms.ref())) {
                ms.doc().problem(ms.path() + ".metricSourceRef", "no DataSource named '" + ms.ref() + "' ("
                        + defs.known("DataSource") + ")");
            }
            return null;
        }
        return ds.type() == null ? null : ms.ref();
    }
}
