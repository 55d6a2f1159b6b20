package io.tollgate.adapter.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The part of a route resource a traffic adapter owns: one rule (an HTTPRoute rule, a VirtualService http route) whose
 * weighted destinations include the stable and the canary. Found in the resource's spec as read; pure, so the shape
 * rules are tested without an API server.
 *
 * @param ruleIndex   index of the rule in the spec's list of rules
 * @param ruleLabel   how messages name the rule ({@code rule "primary"} or {@code rule 0})
 * @param destinations the rule's destinations exactly as read (the {@code test} value of the patch)
 * @param stableIndex index of the stable destination
 * @param canaryIndex index of the canary destination
 * @param stableWeight its weight as the data plane reads it (defaults applied)
 * @param canaryWeight the canary's
 */
public record WeightedSplit(int ruleIndex, String ruleLabel, List<Object> destinations, int stableIndex, int canaryIndex,
        long stableWeight, long canaryWeight) {

    /** The resource kind's vocabulary: where the rules and destinations are, how a destination is named and weighed. */
    public interface Shape {
        /** Spec key of the list of rules, e.g. {@code rules} or {@code http}. */
        String rulesKey();

        /** Key of the rule's destination list, e.g. {@code backendRefs} or {@code route}. */
        String destinationsKey();

        /** The name a {@code TrafficTarget} uses for {@code destination}, or null when it cannot name one. */
        String id(Map<?, ?> destination);

        /** The weight the data plane applies to {@code destination} when it is one of {@code count} (defaults included). */
        long weight(Map<?, ?> destination, int count);
    }

    /** What was found: the split, or why there is none (the answer the caller gives: NotSupported / CannotVerify). */
    public sealed interface Found {
    }

    /** The rule and both destinations. */
    public record Split(WeightedSplit split) implements Found {
    }

    /** No rule of the shape Tollgate owns; {@code reason} says what is there. */
    public record Problem(String reason) implements Found {
    }

    /**
     * Finds the rule named {@code ruleName} (or, when null, the one rule whose destinations include {@code stable}) and
     * checks its shape: {@code stable} and {@code canary} each exactly once, every other destination of weight 0.
     */
    public static Found find(Map<?, ?> spec, Shape shape, String ruleName, String stable, String canary) {
        if (stable.equals(canary)) {
            return new Problem("stable and canary are the same destination '" + stable + "'");
        }
        List<?> rules = spec == null ? null : list(spec.get(shape.rulesKey()));
        if (rules == null || rules.isEmpty()) {
            return new Problem("the spec has no " + shape.rulesKey());
        }
        var candidates = new ArrayList<Integer>();
        for (int i = 0; i < rules.size(); i++) {
            if (!(rules.get(i) instanceof Map<?, ?> rule)) {
                continue;
            }
            if (ruleName != null ? ruleName.equals(rule.get("name")) : ids(rule, shape).contains(stable)) {
                candidates.add(i);
            }
        }
        String wanted = ruleName != null ? "named '" + ruleName + "'" : "routing to '" + stable + "'";
        if (candidates.size() != 1) {
            return new Problem(candidates.isEmpty() ? "no " + shape.rulesKey() + " entry " + wanted
                    : candidates.size() + " " + shape.rulesKey() + " entries " + wanted + " (indexes " + candidates
                            + "): name the rule in the adapter's configuration");
        }
        int ruleIndex = candidates.get(0);
        Map<?, ?> rule = (Map<?, ?>) rules.get(ruleIndex);
        String label = rule.get("name") instanceof String n ? shape.rulesKey() + " entry '" + n + "'" : shape.rulesKey() + "[" + ruleIndex + "]";
        List<?> destinations = list(rule.get(shape.destinationsKey()));
        if (destinations == null) {
            return new Problem(label + " has no " + shape.destinationsKey());
        }
        List<String> ids = ids(rule, shape);
        int s = ids.indexOf(stable);
        int c = ids.indexOf(canary);
        if (s < 0 || c < 0) {
            return new Problem(label + " has no destination '" + (s < 0 ? stable : canary) + "' (it has " + ids + ")");
        }
        if (ids.lastIndexOf(stable) != s || ids.lastIndexOf(canary) != c) {
            return new Problem(label + " names '" + (ids.lastIndexOf(stable) != s ? stable : canary) + "' more than once");
        }
        for (int i = 0; i < destinations.size(); i++) {
            long w = destinations.get(i) instanceof Map<?, ?> d ? shape.weight(d, destinations.size()) : 0;
            if (i != s && i != c && w != 0) {
                return new Problem(label + " also sends traffic to '" + ids.get(i) + "' (weight " + w
                        + "): Tollgate owns only a two-way split");
            }
        }
        int n = destinations.size();
        return new Split(new WeightedSplit(ruleIndex, label, List.copyOf(destinations), s, c,
                shape.weight((Map<?, ?>) destinations.get(s), n), shape.weight((Map<?, ?>) destinations.get(c), n)));
    }

    /** JSON pointer of the rule's destination list. */
    public String destinationsPointer(Shape shape) {
        return "/spec/" + shape.rulesKey() + "/" + ruleIndex + "/" + shape.destinationsKey();
    }

    /** A patch that changes nothing unless the destinations are still exactly as read, then sets both weights. */
    public JsonPatch patch(Shape shape, long stable, long canary) {
        String list = destinationsPointer(shape);
        return new JsonPatch().test(list, destinations)
                .add(list + "/" + stableIndex + "/weight", stable)
                .add(list + "/" + canaryIndex + "/weight", canary);
    }

    private static List<String> ids(Map<?, ?> rule, Shape shape) {
        List<?> destinations = list(rule.get(shape.destinationsKey()));
        var ids = new ArrayList<String>();
        if (destinations != null) {
            for (Object d : destinations) {
                ids.add(d instanceof Map<?, ?> m ? shape.id(m) : null);
            }
        }
        return ids;
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : null;
    }
}
