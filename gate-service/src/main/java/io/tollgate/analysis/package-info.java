/**
 * Canary analysis, pure: per-look counts of canary and baseline ({@link io.tollgate.analysis.Look}) go through a
 * mixture sequential probability ratio test on the canary/baseline rate ratio ({@link io.tollgate.analysis.SequentialTest},
 * {@link io.tollgate.analysis.TestState}), one per metric (error ratio, share slower than a latency boundary), combined
 * with a Bonferroni split of alpha ({@link io.tollgate.analysis.CanaryAnalysis}). Results are values
 * ({@link io.tollgate.analysis.Measurement}: pass, fail, inconclusive, error) carrying their numbers and a one-sentence
 * explanation. State is immutable and serialisable (Jackson), so a bake can resume after a restart.
 * No HTTP, no database, no clock. See docs/analysis.md. The one exception, {@link io.tollgate.analysis.ReplayPermits},
 * bounds how many replays of the HTTP API run at once and gives them threads of their own.
 */
package io.tollgate.analysis;
