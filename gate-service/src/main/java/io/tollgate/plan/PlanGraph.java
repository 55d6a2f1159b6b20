package io.tollgate.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dependency graph of a plan's releases: validated (unique keys and services, known dependencies, no cycle), in a
 * start order where every release comes after what it depends on, and the reverse for compensation (dependents first).
 * Pure; ties keep the request's order so the same plan always gives the same orders.
 */
public final class PlanGraph {
    private final List<String> order;
    private final Map<String, List<String>> dependsOn;

    /** What is wrong with a plan's graph, naming the field ({@code releases[2].dependsOn[0]}, {@code releases}). */
    public static final class Problem extends RuntimeException {
        private final String field;

        Problem(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** A release's key, the service it releases and the keys it depends on, in the request's order. */
    public record Node(String key, String service, List<String> dependsOn) {
    }

    private PlanGraph(List<String> order, Map<String, List<String>> dependsOn) {
        this.order = List.copyOf(order);
        this.dependsOn = dependsOn;
    }

    public static PlanGraph of(PlanSpec spec) {
        return of(spec.releases().stream().map(e -> new Node(e.key(), e.service(), e.dependsOn())).toList());
    }

    /** @throws Problem on a duplicate key or service, an unknown or self dependency, or a cycle (named key by key) */
    public static PlanGraph of(List<Node> nodes) {
        var deps = new LinkedHashMap<String, List<String>>();
        var services = new HashMap<String, String>();
        for (int i = 0; i < nodes.size(); i++) {
            var n = nodes.get(i);
            if (deps.containsKey(n.key())) {
                throw new Problem("releases[" + i + "].key", "duplicate key \"" + n.key() + "\"");
            }
            String other = services.putIfAbsent(n.service(), n.key());
            if (other != null) {
                throw new Problem("releases[" + i + "].service", "service \"" + n.service() + "\" is already released by \""
                        + other + "\"; one release per service in a plan");
            }
            deps.put(n.key(), List.copyOf(n.dependsOn()));
        }
        for (int i = 0; i < nodes.size(); i++) {
            var n = nodes.get(i);
            var seen = new HashSet<String>();
            for (int j = 0; j < n.dependsOn().size(); j++) {
                String d = n.dependsOn().get(j);
                String field = "releases[" + i + "].dependsOn[" + j + "]";
                if (!deps.containsKey(d)) {
                    throw new Problem(field, "unknown key \"" + d + "\"; known: " + String.join(", ", deps.keySet()));
                }
                if (d.equals(n.key())) {
                    throw new Problem(field, "\"" + d + "\" depends on itself");
                }
                if (!seen.add(d)) {
                    throw new Problem(field, "\"" + d + "\" is listed twice");
                }
            }
        }
        return new PlanGraph(topological(deps), deps);
    }

    /** Kahn's algorithm, always taking the earliest ready key of the request; a leftover means a cycle. */
    private static List<String> topological(Map<String, List<String>> deps) {
        var order = new ArrayList<String>();
        var done = new HashSet<String>();
        boolean progress = true;
        while (progress && order.size() < deps.size()) {
            progress = false;
            for (var e : deps.entrySet()) {
                if (!done.contains(e.getKey()) && done.containsAll(e.getValue())) {
                    done.add(e.getKey());
                    order.add(e.getKey());
                    progress = true;
                    break;
                }
            }
        }
        if (order.size() < deps.size()) {
            throw new Problem("releases", "cycle " + String.join(" -> ", cycle(deps, done)));
        }
        return order;
    }

    /** One cycle among the keys not ordered, as a path that ends where it starts. */
    private static List<String> cycle(Map<String, List<String>> deps, Set<String> ordered) {
        String start = deps.keySet().stream().filter(k -> !ordered.contains(k)).findFirst().orElseThrow();
        var path = new ArrayList<String>();
        var onPath = new HashMap<String, Integer>();
        String at = start;
        // Every unordered key depends on some unordered key, so this walk must come back to a key on its path.
        while (!onPath.containsKey(at)) {
            onPath.put(at, path.size());
            path.add(at);
            at = deps.get(at).stream().filter(d -> !ordered.contains(d)).findFirst().orElseThrow();
        }
        var cycle = new ArrayList<>(path.subList(onPath.get(at), path.size()));
        cycle.add(at);
        return cycle;
    }

    /** Every key after all it depends on. */
    public List<String> startOrder() {
        return order;
    }

    /** The reverse: dependents before what they depend on. */
    public List<String> compensationOrder() {
        var reversed = new ArrayList<>(order);
        java.util.Collections.reverse(reversed);
        return reversed;
    }

    public List<String> dependsOn(String key) {
        return dependsOn.get(key);
    }

    /** Keys that depend on {@code key} directly. */
    public List<String> dependents(String key) {
        return dependsOn.entrySet().stream().filter(e -> e.getValue().contains(key)).map(Map.Entry::getKey).toList();
    }
}
