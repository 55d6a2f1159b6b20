package io.tollgate.adapter.haproxy;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code set server} commands that move a backend from its current weights to the wanted ones, in a safe
 * order. HAProxy applies each command on its own, so between the two the backend runs with one old and one
 * new weight. Lowering first keeps the canary's share within what is intended while the share goes up (both
 * intermediate states are at most the new share) and gives the smaller overshoot when it goes down. The one
 * exception: when lowering first would leave both weights at 0 (100% → 0% or 0% → 100%), HAProxy would have
 * no server to send to and answer 503, so then the raise goes first (a brief 50/50 instead of an outage).
 */
record WeightPlan(List<Step> steps) {

    /** One {@code set server backend/server weight N}. */
    record Step(String server, int weight) {
    }

    static WeightPlan of(String stable, int stableNow, int stableWanted, String canary, int canaryNow, int canaryWanted) {
        var changes = new ArrayList<Step>();
        var lower = new ArrayList<Step>();
        var raise = new ArrayList<Step>();
        addChange(stable, stableNow, stableWanted, lower, raise);
        addChange(canary, canaryNow, canaryWanted, lower, raise);
        boolean lowerFirstEmptiesBackend = !lower.isEmpty() && !raise.isEmpty()
                && lower.get(0).weight() == 0 && weightOfOther(lower.get(0).server(), stable, stableNow, canaryNow) == 0;
        if (lowerFirstEmptiesBackend) {
            changes.addAll(raise);
            changes.addAll(lower);
        } else {
            changes.addAll(lower);
            changes.addAll(raise);
        }
        return new WeightPlan(List.copyOf(changes));
    }

    boolean isEmpty() {
        return steps.isEmpty();
    }

    private static void addChange(String server, int now, int wanted, List<Step> lower, List<Step> raise) {
        if (wanted < now) {
            lower.add(new Step(server, wanted));
        } else if (wanted > now) {
            raise.add(new Step(server, wanted));
        }
    }

    /** The current weight of the server that is not {@code lowered}. */
    private static int weightOfOther(String lowered, String stable, int stableNow, int canaryNow) {
        return lowered.equals(stable) ? canaryNow : stableNow;
    }
}
