/**
 * Fixtures that start real components as local processes for tests: PostgreSQL (embedded, once per JVM),
 * OPA ({@link io.tollgate.testsupport.OpaServerFixture}, plus {@code opa build}), Prometheus
 * ({@link io.tollgate.testsupport.PrometheusFixture}, one per test class) with history from
 * {@link io.tollgate.testsupport.Backfill}, and {@link io.tollgate.testsupport.CounterTarget}, a scrape
 * target with controllable request and error counters; Unleash ({@link io.tollgate.testsupport.UnleashFixture},
 * one per JVM, installed from npm by {@link io.tollgate.testsupport.UnleashInstall});
 * {@link io.tollgate.testsupport.HaproxyFixture} (HAProxy 2.6 with Runtime API, exporter and server-state file)
 * in front of {@link io.tollgate.testsupport.BackendPair}s of {@link io.tollgate.testsupport.Backend} test servers.
 * Fault tests SIGKILL, freeze ({@link io.tollgate.testsupport.Signals}) and restart the OPA and Prometheus processes.
 */
package io.tollgate.testsupport;
