package io.tollgate.observability;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.tollgate.config.TracingConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The OpenTelemetry SDK set up for this service: spans always get real trace ids (they go into every
 * answer and audit record); they are exported over OTLP/HTTP only when an endpoint is configured.
 */
public final class Tracing implements AutoCloseable {
    private static final W3CTraceContextPropagator PROPAGATOR = W3CTraceContextPropagator.getInstance();
    private final SdkTracerProvider provider;
    private final Tracer tracer;

    /** @param extraProcessors additional processors (tests pass an in-memory exporter here) */
    public Tracing(TracingConfig config, List<SpanProcessor> extraProcessors) {
        var builder = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(
                        Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), config.serviceName()))));
        if (config.otlpEndpoint() != null) {
            String base = config.otlpEndpoint().toString().replaceAll("/+$", "");
            builder.addSpanProcessor(BatchSpanProcessor.builder(
                    OtlpHttpSpanExporter.builder().setEndpoint(base + "/v1/traces").build()).build());
        }
        extraProcessors.forEach(builder::addSpanProcessor);
        if (config.otlpEndpoint() == null && extraProcessors.isEmpty()) {
            // The SDK hands out no-op spans (trace id all zeros) when it has no processor at all.
            builder.addSpanProcessor(new KeepIdsSpanProcessor());
        }
        provider = builder.build();
        tracer = provider.get("io.tollgate");
    }

    public Tracer tracer() {
        return tracer;
    }

    /** The parent context carried by a W3C {@code traceparent} header, or the root context. */
    public static Context extract(Map<String, String> headers) {
        return PROPAGATOR.extract(Context.root(), headers, new TextMapGetter<>() {
            @Override
            public Iterable<String> keys(Map<String, String> carrier) {
                return carrier.keySet();
            }

            @Override
            public String get(Map<String, String> carrier, String key) {
                return carrier == null ? null : carrier.get(key);
            }
        });
    }

    /** Does nothing with spans; its presence makes the SDK create real spans with real trace ids. */
    private static final class KeepIdsSpanProcessor implements SpanProcessor {
        @Override
        public void onStart(Context parentContext, io.opentelemetry.sdk.trace.ReadWriteSpan span) {
        }

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(io.opentelemetry.sdk.trace.ReadableSpan span) {
        }

        @Override
        public boolean isEndRequired() {
            return false;
        }
    }

    @Override
    public void close() {
        provider.shutdown().join(5, TimeUnit.SECONDS);
    }
}
