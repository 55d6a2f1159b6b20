/**
 * What a gate decided: {@link io.tollgate.decision.Outcome}, {@link io.tollgate.decision.Reason} and the
 * sealed {@link io.tollgate.decision.Verdict}. Plain values with no dependencies, so the gate, the policy
 * engines, the audit log and (later) releases can all use them without depending on each other.
 */
package io.tollgate.decision;
