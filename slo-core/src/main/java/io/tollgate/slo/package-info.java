/**
 * The SLO core of Tollgate: OpenSLO v1 definitions ({@code slo-definitions/}) parsed and validated into
 * self-validating records ({@link io.tollgate.slo.SloDefinitions#load}), the error-budget math
 * ({@link io.tollgate.slo.ErrorBudget}, {@link io.tollgate.slo.BurnRate}), the PromQL that measures an SLO
 * ({@link io.tollgate.slo.PromQueries}) and the Prometheus recording and multi-window multi-burn-rate
 * alerting rules generated from the definitions ({@link io.tollgate.slo.PrometheusRules},
 * {@link io.tollgate.slo.RulesCommand}).
 *
 * <p>Package-private classes ({@code Yaml*}, {@code *Parser}, {@code SloResolver}) hold the parsing and
 * validation steps; nothing outside this package sees a Jackson type.
 */
package io.tollgate.slo;
