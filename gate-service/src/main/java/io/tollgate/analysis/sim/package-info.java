/**
 * Seeded simulation of canary bakes ({@link io.tollgate.analysis.sim.AnalysisSimulation}, run by
 * {@code bench/analysis-sim.sh}): Poisson traffic split by weight, binomial errors, the sequential test beside a
 * Flagger-style threshold rule and a repeated fixed-sample z-test on the same simulated looks. Not used by the service.
 */
package io.tollgate.analysis.sim;
