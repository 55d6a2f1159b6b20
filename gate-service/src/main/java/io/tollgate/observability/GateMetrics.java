package io.tollgate.observability;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Tollgate's own Prometheus metrics. Each service instance owns its registry (no global default
 * registry), so several instances in one JVM, as in tests, do not collide.
 */
public final class GateMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter decisions;
    private final Histogram checkSeconds;
    private final Histogram policyEvalSeconds;
    private final Histogram auditAppendSeconds;
    private final Counter auditFailures;

    public GateMetrics() {
        decisions = Counter.builder()
                .name("tollgate_gate_decisions_total")
                .help("Gate decisions recorded, by outcome and environment (dry runs included)")
                .labelNames("outcome", "environment")
                .register(registry);
        checkSeconds = Histogram.builder()
                .name("tollgate_gate_check_seconds")
                .help("Time to answer a gate check: validation, policy evaluation and the audit commit")
                .classicOnly()
                .register(registry);
        policyEvalSeconds = Histogram.builder()
                .name("tollgate_policy_eval_seconds")
                .help("Time of one policy evaluation, by engine and result (evaluated or unavailable)")
                .labelNames("engine", "result")
                .classicOnly()
                .register(registry);
        auditAppendSeconds = Histogram.builder()
                .name("tollgate_audit_append_seconds")
                .help("Time to commit one decision to the audit log")
                .classicOnly()
                .register(registry);
        auditFailures = Counter.builder()
                .name("tollgate_audit_append_failures_total")
                .help("Gate checks answered 503 because the audit log could not commit")
                .register(registry);
    }

    public void decisionRecorded(String outcome, String environment) {
        decisions.labelValues(outcome, environment).inc();
    }

    public void checkTook(double seconds) {
        checkSeconds.observe(seconds);
    }

    public void policyEvalTook(String engine, String result, double seconds) {
        policyEvalSeconds.labelValues(engine, result).observe(seconds);
    }

    public void auditAppendTook(double seconds) {
        auditAppendSeconds.observe(seconds);
    }

    public void auditAppendFailed() {
        auditFailures.inc();
    }

    /** The registry, for components that add their own metrics (SLO state in a later issue). */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** The current values in the Prometheus text exposition format (version 0.0.4). */
    public byte[] scrape() {
        var out = new ByteArrayOutputStream(8192);
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String contentType() {
        return PrometheusTextFormatWriter.create().getContentType();
    }
}
