/**
 * Release managers' overrides: recorded, expiring exceptions to gate decisions ({@code allow} with the reason codes
 * it may suppress, {@code skip-analysis}, {@code freeze}). The policy decides whether one may be created or revoked
 * ({@code data.tollgate.override.decision}; a revocation's input names the changes the override gates,
 * {@link io.tollgate.override.GatedChanges}) and applies the active ones to every check they match
 * ({@code input.overrides}); this package stores them, audits every change and finds the ones a check matches.
 */
package io.tollgate.override;
