package io.tollgate.config;

import java.time.Duration;

/**
 * Group commit of the audit log: decisions arriving together are appended in one transaction.
 *
 * @param maxBatch     {@code audit.maxBatch}: most decisions appended in one transaction, 1..4096, default 256
 * @param maxBatchWait {@code audit.maxBatchWait}: longest a decision waits for others to join its batch,
 *                     0ms..50ms, default 0ms: never waits (a batch is whatever queued while the previous one committed)
 */
public record AuditConfig(int maxBatch, Duration maxBatchWait) {
    public static final int DEFAULT_MAX_BATCH = 256;
    private static final Duration MAX_WAIT = Duration.ofMillis(50);

    public AuditConfig {
        if (maxBatch < 1 || maxBatch > 4096) {
            throw new ConfigException("audit.maxBatch", "must be in 1..4096, got " + maxBatch);
        }
        maxBatchWait = maxBatchWait == null ? Duration.ZERO : maxBatchWait;
        if (maxBatchWait.isNegative() || maxBatchWait.compareTo(MAX_WAIT) > 0) {
            throw new ConfigException("audit.maxBatchWait", "must be between 0ms and 50ms, got " + Durations.format(maxBatchWait));
        }
    }

    /** The defaults: batches of up to 256, no waiting. */
    public static AuditConfig defaults() {
        return new AuditConfig(DEFAULT_MAX_BATCH, Duration.ZERO);
    }
}
