/** Observability: Prometheus metrics, OpenTelemetry tracing and structured JSON logs. */
package io.tollgate.observability;
