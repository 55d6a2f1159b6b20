package io.tollgate.analysis.sim;

import io.tollgate.analysis.AnalysisSettings;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Prints the simulation tables of docs/analysis.md: false rollbacks of healthy canaries, and detection of 1.5×, 2×
 * and 5× regressions, for the sequential test beside a Flagger-style threshold rule and a repeated z-test.
 * Arguments: {@code [runs=2000] [seed=20261130] [alpha=0.01]}. Bake 30 min, one look every 5 s.
 */
public final class AnalysisSimulation {
    static final int BAKE_SECONDS = 1800;
    static final int LOOK_SECONDS = 5;
    static final List<Double> RPS = List.of(1.0, 5.0, 20.0, 200.0);
    static final List<Double> BASE_ERROR = List.of(0.001, 0.01, 0.1);
    static final List<List<Double>> WEIGHTS = List.of(List.of(0.01), List.of(0.10), List.of(0.50), List.of(0.01, 0.05, 0.25, 0.50));

    private AnalysisSimulation() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 20261130L;
        double alpha = args.length > 2 ? Double.parseDouble(args[2]) : 0.01;
        var settings = AnalysisSettings.defaults().withAlpha(alpha);
        PrintStream out = System.out;
        long start = System.nanoTime();
        out.printf(Locale.ROOT, "Canary analysis simulation: %d runs per cell, seed %d, alpha %.3g, bake %d min, look every %d s%n%n",
                runs, seed, alpha, BAKE_SECONDS / 60, LOOK_SECONDS);
        double se3 = 3 * Math.sqrt(alpha * (1 - alpha) / runs);
        out.printf(Locale.ROOT, "## Healthy canary (ratio 1): false rollback rate (target: mSPRT ≤ alpha + 3 SE = %.2f%%)%n%n", 100 * (alpha + se3));
        out.println("| rps | weights | base error | mSPRT fail | mSPRT pass at end | threshold rule | repeated z-test |");
        out.println("|---:|---|---:|---:|---:|---:|---:|");
        int cell = 0;
        double worst = 0;
        for (double rps : RPS) {
            for (var weights : WEIGHTS) {
                for (double base : BASE_ERROR) {
                    var c = Simulation.run(new Scenario(rps, weights, base, 1.0, BAKE_SECONDS, LOOK_SECONDS), settings, runs, Simulation.mix(seed, cell++));
                    worst = Math.max(worst, c.rate(Simulation.Run::testFailLook));
                    out.printf(Locale.ROOT, "| %.0f | %s | %s | %s | %s | %s | %s |%n", rps, c.scenario().weights(), pct(base),
                            pct(c.rate(Simulation.Run::testFailLook)), pct(c.passRate()), pct(c.rate(Simulation.Run::thresholdLook)),
                            pct(c.rate(Simulation.Run::zTestLook)));
                }
            }
        }
        var idle = Simulation.run(new Scenario(0, List.of(0.1), 0.01, 1.0, BAKE_SECONDS, LOOK_SECONDS), settings, runs, Simulation.mix(seed, cell++));
        out.printf(Locale.ROOT, "%nWorst mSPRT false rollback: %s. Zero traffic: %s fail, %s pass, %s inconclusive.%n%n",
                pct(worst), pct(idle.rate(Simulation.Run::testFailLook)), pct(idle.passRate()),
                pct(1 - idle.rate(Simulation.Run::testFailLook) - idle.passRate()));
        out.println("## Regressions (base error 1%): detected within the bake; median / p90 time to detect");
        out.println();
        out.println("| ratio | rps | weight | mSPRT | threshold rule | repeated z-test |");
        out.println("|---:|---:|---:|---|---|---|");
        for (double ratio : List.of(1.5, 2.0, 5.0)) {
            for (double rps : List.of(5.0, 20.0, 200.0)) {
                for (double weight : List.of(0.10, 0.50)) {
                    var c = Simulation.run(new Scenario(rps, List.of(weight), 0.01, ratio, BAKE_SECONDS, LOOK_SECONDS), settings, runs, Simulation.mix(seed, cell++));
                    out.printf(Locale.ROOT, "| %.1f× | %.0f | %s | %s | %s | %s |%n", ratio, rps, pct(weight),
                            detection(c, Simulation.Run::testFailLook), detection(c, Simulation.Run::thresholdLook),
                            detection(c, Simulation.Run::zTestLook));
                }
            }
        }
        out.printf(Locale.ROOT, "%nThreshold rule: canary error rate over each minute > max(1.5 × baseline, 1%%), %d failed checks roll back."
                + " Repeated z-test: one-sided pooled two-proportion z-test on all counts so far at every look, level alpha.%n",
                Simulation.THRESHOLD_LIMIT);
        out.printf(Locale.ROOT, "Took %.0f s.%n", (System.nanoTime() - start) / 1e9);
    }

    private static String detection(Simulation.Cell c, java.util.function.ToIntFunction<Simulation.Run> look) {
        double rate = c.rate(look);
        if (rate == 0) {
            return "0%";
        }
        return pct(rate) + "; " + time(c.secondsToDetect(look, 0.5)) + " / " + time(c.secondsToDetect(look, 0.9));
    }

    private static String time(double seconds) {
        return seconds < 120 ? String.format(Locale.ROOT, "%.0f s", seconds) : String.format(Locale.ROOT, "%.1f min", seconds / 60);
    }

    private static String pct(double rate) {
        return String.format(Locale.ROOT, rate < 0.1 && rate > 0 ? "%.2f%%" : "%.1f%%", rate * 100);
    }
}
