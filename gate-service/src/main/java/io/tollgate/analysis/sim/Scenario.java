package io.tollgate.analysis.sim;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One simulated bake: total traffic {@code rps} split between baseline and canary by the current stage's weight,
 * baseline error rate {@code baseErrorRate}, canary error rate {@code ratio} times it, one look every
 * {@code lookSeconds} for {@code bakeSeconds}.
 *
 * @param stages the canary weights in order, each for an equal share of the bake (a weight change between stages)
 */
public record Scenario(double rps, List<Double> stages, double baseErrorRate, double ratio, int bakeSeconds, int lookSeconds) {
    public Scenario {
        stages = List.copyOf(stages);
        if (stages.isEmpty() || bakeSeconds % lookSeconds != 0) {
            throw new IllegalArgumentException("need stages and a bake that is a whole number of looks");
        }
    }

    public int looks() {
        return bakeSeconds / lookSeconds;
    }

    /** The canary weight at look {@code k}. */
    public double weightAt(int k) {
        return stages.get(Math.min(stages.size() - 1, k * stages.size() / looks()));
    }

    /** "10%" or "1→5→25→50%". */
    public String weights() {
        return stages.stream().map(w -> String.format(Locale.ROOT, "%.0f", w * 100)).collect(Collectors.joining("→")) + "%";
    }
}
