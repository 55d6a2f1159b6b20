/**
 * Releases Tollgate drives by itself: the spec ({@link io.tollgate.release.ReleaseSpec}), the pure state machine
 * ({@link io.tollgate.release.Transitions#transition}), the persisted row and its history
 * ({@link io.tollgate.release.ReleaseStore}), the level-triggered step ({@link io.tollgate.release.ReleaseController})
 * run as a db-scheduler task ({@link io.tollgate.release.ReleaseScheduler}), guarded adapter calls
 * ({@link io.tollgate.release.GuardedAdapters}), the adapter factory ({@link io.tollgate.release.AdapterRegistry}) and
 * the canary analysis of bakes ({@link io.tollgate.release.AnalysisSpec}, {@code BakeAnalysis}, state and results in
 * {@link io.tollgate.release.ReleaseAnalysis}, counters through {@link io.tollgate.release.AnalysisCounters}).
 * See docs/releases.md.
 */
package io.tollgate.release;
