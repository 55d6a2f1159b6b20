package io.tollgate.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.context.Context;
import io.tollgate.config.TracingConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TracingTest {

    @Test
    void creates_real_trace_ids_even_without_an_exporter() {
        try (var tracing = new Tracing(new TracingConfig(null, "t"), List.of())) {
            var span = tracing.tracer().spanBuilder("gate.check").startSpan();

            assertThat(span.getSpanContext().isValid()).isTrue();
            assertThat(span.getSpanContext().getTraceId()).isNotEqualTo("0".repeat(32));
            span.end();
        }
    }

    @Test
    void continues_a_w3c_traceparent_and_ignores_a_malformed_one() {
        try (var tracing = new Tracing(new TracingConfig(null, "t"), List.of())) {
            var parent = Tracing.extract(Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
            var garbage = Tracing.extract(Map.of("traceparent", "not-a-traceparent"));

            var child = tracing.tracer().spanBuilder("x").setParent(parent).startSpan();
            var fresh = tracing.tracer().spanBuilder("y").setParent(garbage).startSpan();

            assertThat(child.getSpanContext().getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
            assertThat(fresh.getSpanContext().isValid()).isTrue();
            assertThat(garbage).isEqualTo(Context.root());
        }
    }
}
