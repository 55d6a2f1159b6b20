/**
 * Release managers' overrides: recorded, expiring exceptions to gate decisions ({@code allow} with the reason codes
 * it may suppress, {@code skip-analysis}, {@code freeze}). The policy decides whether one may be created
 * ({@code data.tollgate.override.decision}) and applies the active ones to every check they match
 * ({@code input.overrides}); this package stores them, audits every change and finds the ones a check matches.
 */
package io.tollgate.override;
