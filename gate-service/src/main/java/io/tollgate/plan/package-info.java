/**
 * Release plans: several releases of one environment started in dependency order ({@link io.tollgate.plan.PlanGraph}),
 * each waiting until its dependencies reached {@code startWhen}, at most {@code maxParallel} at once, their SLOs and
 * those of {@code watch} watched while the plan runs, and compensated in reverse dependency order when the policy's
 * {@code data.tollgate.plan.on_failure} says rollback. The pure state machine is {@link io.tollgate.plan.PlanTransitions};
 * {@link io.tollgate.plan.PlanController} is the level-triggered step, run as a db-scheduler task
 * ({@link io.tollgate.plan.PlanScheduler}) beside the release steps, driving releases only through
 * {@link io.tollgate.release.ReleaseService} (their own gates, bakes and analysis are never bypassed).
 * See docs/releases.md#release-plans.
 */
package io.tollgate.plan;
