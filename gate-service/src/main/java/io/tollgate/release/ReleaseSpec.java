package io.tollgate.release;

import com.fasterxml.jackson.annotation.JsonAlias;
import io.tollgate.adapter.TrafficTarget;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A validated release request, stored as it is with the release (JSON) so every step recomputes the desired
 * state from it. Validation with field names happens in the HTTP parser; the constructors only guard invariants.
 *
 * @param strategyName the named strategy the stages came from, or null when they were given inline
 * @param onDrift      what a bake does about a hand change of the flag or the weight; null (a spec stored before the
 *                     setting existed) means {@link OnDrift#HALT}
 * @param analysis     the canary analysis of every bake, or null: bakes watch drift, gross failure and SLOs only
 */
public record ReleaseSpec(String service, String version, String environment, Change change, String strategyName,
                          List<Stage> stages, Flag flag, Traffic traffic, boolean dryRun, OnDrift onDrift, AnalysisSpec analysis) {

    public ReleaseSpec {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(change, "change");
        stages = List.copyOf(stages);
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a release needs at least one stage");
        }
        Objects.requireNonNull(flag, "flag");
        Objects.requireNonNull(traffic, "traffic");
        onDrift = onDrift == null ? OnDrift.HALT : onDrift;
    }

    /** Without canary analysis. */
    public ReleaseSpec(String service, String version, String environment, Change change, String strategyName,
                       List<Stage> stages, Flag flag, Traffic traffic, boolean dryRun, OnDrift onDrift) {
        this(service, version, environment, change, strategyName, stages, flag, traffic, dryRun, onDrift, null);
    }

    /** Halting on drift (the default). */
    public ReleaseSpec(String service, String version, String environment, Change change, String strategyName,
                       List<Stage> stages, Flag flag, Traffic traffic, boolean dryRun) {
        this(service, version, environment, change, strategyName, stages, flag, traffic, dryRun, OnDrift.HALT);
    }

    /** One step of the rollout: canary traffic %, flag %, and how long to watch it ({@code bakeMillis}, 0 for the last). */
    public record Stage(String name, int trafficPercent, int flagPercent, long bakeMillis) {
        public Stage {
            Objects.requireNonNull(name, "name");
            if (trafficPercent < 0 || trafficPercent > 100 || flagPercent < 0 || flagPercent > 100 || bakeMillis < 0) {
                throw new IllegalArgumentException("stage " + name + ": percentages 0..100 and a non-negative bake");
            }
        }

        public Duration bake() {
            return Duration.ofMillis(bakeMillis);
        }
    }

    /**
     * The change facts as the gate check takes them. Specs stored before {@code labels} and {@code committedAt} existed
     * read as no labels and no commit time.
     *
     * @param labels      e.g. {@code emergency} or {@code hotfix}: such a release counts as rework in the delivery metrics
     * @param committedAt when the change was committed, or null (the release then has no lead time)
     */
    public record Change(String commit, String pipeline, String author, List<String> approvals, List<String> labels,
                         java.time.Instant committedAt) {
        public Change {
            approvals = approvals == null ? List.of() : List.copyOf(approvals);
            labels = labels == null ? List.of() : List.copyOf(labels);
        }

        /** Without labels or commit time. */
        public Change(String commit, String pipeline, String author, List<String> approvals) {
            this(commit, pipeline, author, approvals, List.of(), null);
        }
    }

    public record Flag(String provider, String feature, String environment) {
    }

    /**
     * @param provider the traffic adapter instance (a name under {@code adapters})
     * @param route    what that adapter splits (an HAProxy backend, an HTTPRoute); specs stored before the rename carry it
     *                 as {@code backend}
     */
    public record Traffic(String provider, @JsonAlias("backend") String route, String stable, String canary) {
        /** The adapter's view of it. */
        public TrafficTarget target() {
            return new TrafficTarget(route, stable, canary);
        }
    }

    public Stage stage(int index) {
        return stages.get(index);
    }

    public boolean isLast(int index) {
        return index == stages.size() - 1;
    }
}
