/**
 * Where the analysis' counts come from: raw counters read with instant queries ({@link io.tollgate.adapter.SeriesSource},
 * Prometheus in practice), per look, per series, turned into integer deltas that survive counter resets
 * ({@link io.tollgate.analysis.source.CounterReader}); query templates per provider in
 * {@link io.tollgate.analysis.source.CounterQueries}. No {@code rate()} or {@code increase()}: they extrapolate.
 */
package io.tollgate.analysis.source;
