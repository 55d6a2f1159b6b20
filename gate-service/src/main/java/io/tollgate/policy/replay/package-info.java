/**
 * Policy what-if: re-evaluates the policy inputs recorded with past decisions under a candidate bundle
 * ({@link io.tollgate.policy.replay.PolicyReplay}) and reports which decisions would change
 * ({@link io.tollgate.policy.replay.ReplayReport}). Read-only: nothing is recorded, the running policy is untouched.
 */
package io.tollgate.policy.replay;
