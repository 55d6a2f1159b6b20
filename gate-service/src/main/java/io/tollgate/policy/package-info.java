/**
 * Policy engines behind {@link io.tollgate.policy.PolicyEngine}: the OPA WebAssembly engine
 * ({@code embedded}, {@link io.tollgate.policy.WasmPolicyEngine} over a {@link io.tollgate.policy.PolicyBundle})
 * and the OPA server REST engine ({@code opa-server}, {@link io.tollgate.policy.OpaServerPolicyEngine}).
 * Both read decisions through one {@link io.tollgate.policy.DecisionParser}; {@link io.tollgate.policy.PolicyEngines}
 * builds the one {@link io.tollgate.config.PolicyConfig} names.
 */
package io.tollgate.policy;
