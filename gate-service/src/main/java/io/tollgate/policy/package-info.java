/** Policy engines: the OPA WebAssembly engine (embedded) and the OPA server REST engine, behind {@link io.tollgate.policy.PolicyEngine}. */
package io.tollgate.policy;
