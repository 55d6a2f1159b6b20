package io.tollgate.plan;

import io.tollgate.release.ReleaseSpec;
import java.util.List;
import java.util.Objects;

/**
 * A validated release plan, stored as it is with the plan (JSON) so every step recomputes what to do from it.
 * Field-named validation happens in the HTTP parser and {@link PlanGraph}; the constructor only guards invariants.
 *
 * @param watch       services whose SLOs count for the plan besides its own (their callers)
 * @param maxParallel how many releases of the plan may run at once
 */
public record PlanSpec(String name, String environment, List<Entry> releases, List<String> watch, int maxParallel, boolean dryRun) {
    /** The default {@code startWhen}: the dependency is promoted. */
    public static final String PROMOTED = "promoted";

    public PlanSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(environment, "environment");
        releases = List.copyOf(releases);
        watch = watch == null ? List.of() : List.copyOf(watch);
        if (releases.isEmpty() || maxParallel < 1) {
            throw new IllegalArgumentException("a plan needs at least one release and maxParallel >= 1");
        }
    }

    /**
     * One release of the plan.
     *
     * @param startWhen {@link #PROMOTED} or the name of a stage every dependency has: the entry starts once each
     *                  dependency applied (and verified) that stage, or was promoted
     */
    public record Entry(String key, List<String> dependsOn, String startWhen, ReleaseSpec release) {
        public Entry {
            Objects.requireNonNull(key, "key");
            dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
            startWhen = startWhen == null ? PROMOTED : startWhen;
            Objects.requireNonNull(release, "release");
        }

        public String service() {
            return release.service();
        }
    }

    public Entry entry(String key) {
        return releases.stream().filter(e -> e.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no entry " + key));
    }

    /** The plan's own services, then the watched ones, without repeats: every SLO a failure is looked for in. */
    public List<String> watchedServices() {
        var all = new java.util.LinkedHashSet<String>();
        releases.forEach(e -> all.add(e.service()));
        all.addAll(watch);
        return List.copyOf(all);
    }
}
