/**
 * Tollgate as the gate inside rollout controllers teams already run: Argo Rollouts (a {@code web} metric provider),
 * Flagger (webhooks) and Kargo (an {@code http} promotion step). Each call is an ordinary gate check through
 * {@link io.tollgate.gate.GateService}, recorded in the audit log like any other; this package only adds what the
 * controllers need around it: a decision id a retry finds again ({@link io.tollgate.integrations.ControllerGate}),
 * the controller's own words for an outcome ({@link io.tollgate.integrations.ArgoVerdict},
 * {@link io.tollgate.integrations.RollbackSignals}) and Flagger's events in the audit log
 * ({@link io.tollgate.integrations.ControllerEvents}). Parsing and HTTP answers live in {@code io.tollgate.http}.
 */
package io.tollgate.integrations;
