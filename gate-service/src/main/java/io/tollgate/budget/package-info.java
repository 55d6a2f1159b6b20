/**
 * Error budgets as gate input: the current SLO catalog (reloadable, last good set kept), the state of
 * each SLO computed from the metrics backend (budget, burn rates, completeness), and its export as
 * Prometheus gauges. SLO parsing and budget arithmetic live in the slo-core module.
 */
package io.tollgate.budget;
