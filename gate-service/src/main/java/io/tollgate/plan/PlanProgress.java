package io.tollgate.plan;

import io.tollgate.release.FastBurn;
import io.tollgate.release.Release;
import io.tollgate.release.ReleaseState;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pure reading of a plan against its releases: which entry may start, whether the plan failed, whether it is done.
 * {@code releases} maps an entry's key to its release (absent while not started).
 */
final class PlanProgress {
    private PlanProgress() {
    }

    /** Why a running plan failed: a code for the reason and a sentence naming the release or service. */
    record Failure(String code, String message, String key, String service) {
    }

    /** Every dependency of {@code e} reached its {@code startWhen}. */
    static boolean ready(PlanSpec.Entry e, Map<String, Release> releases) {
        return e.dependsOn().stream().allMatch(d -> releases.containsKey(d) && reached(releases.get(d), e.startWhen()));
    }

    /**
     * The release is promoted, or (startWhen naming a stage) has applied and verified that stage and is still going. A
     * dry run's release never applies a stage: it counts once it finished its walk (promoted, or halted at a gate, so a
     * dry run of the plan checks every release's gates).
     */
    static boolean reached(Release r, String startWhen) {
        if (r.state() == ReleaseState.PROMOTED) {
            return true;
        }
        if (r.spec().dryRun()) {
            return r.state() == ReleaseState.HALTED;
        }
        if (PlanSpec.PROMOTED.equals(startWhen)) {
            return false;
        }
        int stage = stageIndex(r, startWhen);
        boolean going = r.state() == ReleaseState.GATING || r.state() == ReleaseState.APPLYING || r.state() == ReleaseState.BAKING;
        return going && stage >= 0 && r.appliedStage() >= stage;
    }

    private static int stageIndex(Release r, String name) {
        var stages = r.spec().stages();
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The first failure of a running (real) plan, in start order: a release halted, rolled back, aborted or failed; then a
     * fast burn of any service of the plan or of {@code watch}.
     */
    static Optional<Failure> failure(PlanSpec spec, List<String> startOrder, Map<String, Release> releases, FastBurn burn) {
        for (String key : startOrder) {
            Release r = releases.get(key);
            if (r == null) {
                continue;
            }
            switch (r.state()) {
                case HALTED, ROLLED_BACK, ABORTED, FAILED -> {
                    return Optional.of(new Failure("release_" + r.state().wire(), key + " (" + r.spec().service() + ", release " + r.id()
                            + ") " + r.state().wire() + (r.reasonCode() == null ? "" : ": " + r.reasonCode() + ": " + r.reasonMessage()),
                            key, r.spec().service()));
                }
                default -> {
                }
            }
        }
        for (String service : spec.watchedServices()) {
            var firing = burn.firing(service);
            if (!firing.isEmpty()) {
                return Optional.of(new Failure("watched_slo_fast_burn", service + " burns its error budget fast: " + String.join(", ", firing),
                        null, service));
            }
        }
        return Optional.empty();
    }

    /** The release is still moving (it holds a slot of maxParallel). */
    static boolean active(Release r) {
        return !r.state().terminal() && r.state() != ReleaseState.HALTED;
    }
}
