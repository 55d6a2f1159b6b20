/**
 * The Prometheus metrics adapter ({@code type: prometheus}): {@link io.tollgate.adapter.prometheus.PrometheusMetricsSource}
 * reads SLI numbers with instant queries over the Prometheus HTTP API and maps every failure to a
 * {@link io.tollgate.adapter.MetricResult.Unavailable} value; {@link io.tollgate.adapter.prometheus.PrometheusConfig}
 * is its self-validating configuration. No Prometheus or HTTP type leaves this package.
 */
package io.tollgate.adapter.prometheus;
