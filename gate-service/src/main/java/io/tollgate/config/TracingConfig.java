package io.tollgate.config;

import java.net.URI;

/**
 * OpenTelemetry tracing.
 *
 * @param otlpEndpoint base URL of an OTLP/HTTP collector (e.g. http://127.0.0.1:4318); null keeps
 *                     spans in-process only (trace ids are still generated and recorded)
 * @param serviceName  the {@code service.name} resource attribute
 */
public record TracingConfig(URI otlpEndpoint, String serviceName) {
    public TracingConfig {
        if (otlpEndpoint != null) {
            Urls.requireHttp("tracing.otlpEndpoint", otlpEndpoint);
        }
        if (serviceName == null || serviceName.isBlank()) {
            serviceName = "tollgate";
        }
    }
}
