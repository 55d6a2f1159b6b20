package io.tollgate.observability;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tollgate.audit.GroupCommitAppender;
import io.tollgate.decision.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;

/**
 * Tollgate's own Prometheus metrics. Each service instance owns its registry (no global default
 * registry), so several instances in one JVM, as in tests, do not collide.
 */
public final class GateMetrics {
    /** The {@code environment} label of decisions about an environment the policy does not know. */
    public static final String OTHER_ENVIRONMENT = "other";
    /** Distinct environment label values at most, {@code other} not counted (a backstop, see below). */
    public static final int MAX_ENVIRONMENT_LABELS = 20;
    /** The policy's reason for an environment missing from its data (docs/policies.md). */
    private static final String UNKNOWN_ENVIRONMENT = "unknown_environment";
    /** Seconds; fine at the low end, where policy evaluation and a batched commit live. */
    private static final double[] LATENCY_BUCKETS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
        0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter decisions;
    private final Histogram checkSeconds;
    private final Histogram policyEvalSeconds;
    private final Histogram auditAppendSeconds;
    private final Counter auditFailures;
    private final Histogram auditBatchSize;
    private final Histogram auditCommitSeconds;
    private final Counter auditBatchFailures;
    private final Set<String> environmentLabels = new HashSet<>();

    public GateMetrics() {
        decisions = Counter.builder()
                .name("tollgate_gate_decisions_total")
                .help("Gate decisions recorded, by outcome and environment (dry runs included)")
                .labelNames("outcome", "environment")
                .register(registry);
        checkSeconds = Histogram.builder()
                .name("tollgate_gate_check_seconds")
                .help("Time to answer a gate check: validation, policy evaluation and the audit commit")
                .classicUpperBounds(LATENCY_BUCKETS)
                .register(registry);
        policyEvalSeconds = Histogram.builder()
                .name("tollgate_policy_eval_seconds")
                .help("Time of one policy evaluation, by engine and result (evaluated or unavailable)")
                .labelNames("engine", "result")
                .classicUpperBounds(LATENCY_BUCKETS)
                .register(registry);
        auditAppendSeconds = Histogram.builder()
                .name("tollgate_audit_append_seconds")
                .help("Time from handing a decision to the audit log until its batch committed (queueing included)")
                .classicUpperBounds(LATENCY_BUCKETS)
                .register(registry);
        auditFailures = Counter.builder()
                .name("tollgate_audit_append_failures_total")
                .help("Gate checks answered 503 because the audit log could not commit")
                .register(registry);
        auditBatchSize = Histogram.builder()
                .name("tollgate_audit_batch_records")
                .help("Records committed per audit transaction (group commit)")
                .classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096)
                .register(registry);
        auditCommitSeconds = Histogram.builder()
                .name("tollgate_audit_commit_seconds")
                .help("Time of one audit transaction: lock, chain, insert and commit of a batch")
                .classicUpperBounds(LATENCY_BUCKETS)
                .register(registry);
        auditBatchFailures = Counter.builder()
                .name("tollgate_audit_batch_failures_total")
                .help("Audit transactions that did not commit (every record in them was answered 503)")
                .register(registry);
    }

    /** Feeds the audit batch metrics. */
    public GroupCommitAppender.Listener auditBatches() {
        return new GroupCommitAppender.Listener() {
            @Override
            public void batchCommitted(int size, double seconds) {
                auditBatchSize.observe(size);
                auditCommitSeconds.observe(seconds);
            }

            @Override
            public void batchFailed(int size) {
                auditBatchFailures.inc();
            }
        };
    }

    /**
     * Counts a decision by outcome and environment. The environment comes from the caller (free text), so
     * its label is bounded: an environment the policy reported as {@code unknown_environment} is labelled
     * {@value #OTHER_ENVIRONMENT}, and so is any environment beyond the first {@value #MAX_ENVIRONMENT_LABELS}
     * distinct ones, for decisions where the policy could not judge it (engine unavailable, invalid policy
     * data).
     */
    public void decisionRecorded(Verdict verdict, String environment) {
        decisions.labelValues(verdict.outcome().wire(), environmentLabel(verdict, environment)).inc();
    }

    private String environmentLabel(Verdict verdict, String environment) {
        if (environment == null || verdict.reasons().stream().anyMatch(r -> UNKNOWN_ENVIRONMENT.equals(r.code()))) {
            return OTHER_ENVIRONMENT;
        }
        synchronized (environmentLabels) {
            if (environmentLabels.contains(environment)
                    || (environmentLabels.size() < MAX_ENVIRONMENT_LABELS && environmentLabels.add(environment))) {
                return environment;
            }
        }
        return OTHER_ENVIRONMENT;
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
