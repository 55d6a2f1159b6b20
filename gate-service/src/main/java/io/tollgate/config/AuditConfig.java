package io.tollgate.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The audit log: group commit, the signing key and where signed checkpoints are published.
 *
 * @param maxBatch           {@code audit.maxBatch}: most records appended in one transaction, 1..4096, default 256
 * @param maxBatchWait       {@code audit.maxBatchWait}: longest a record waits for others to join its batch,
 *                           0ms..50ms, default 0ms: never waits (a batch is whatever queued while the previous one committed)
 * @param signingKeyFile     {@code audit.signingKeyFile}: the Ed25519 private key (PKCS#8 PEM) that signs the chain;
 *                           created with mode 0600 if absent, its public key beside it ({@code .pub}). Keep it out of
 *                           the database and its backups: whoever holds it can sign forged records.
 * @param checkpointFile     {@code audit.checkpointFile}: append-only file of signed checkpoints (seq, head hash, time)
 * @param checkpointInterval {@code audit.checkpointInterval}: how often a checkpoint is published when the log grew,
 *                           1s..1d, default 1m; one is also published on shutdown
 */
public record AuditConfig(int maxBatch, Duration maxBatchWait, Path signingKeyFile, Path checkpointFile,
                          Duration checkpointInterval) {
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
        signingKeyFile = signingKeyFile == null ? Path.of(".data", "audit-signing.key") : signingKeyFile;
        checkpointFile = checkpointFile == null ? Path.of(".data", "audit-checkpoints.jsonl") : checkpointFile;
        checkpointInterval = checkpointInterval == null ? Duration.ofMinutes(1) : checkpointInterval;
        if (checkpointInterval.compareTo(Duration.ofSeconds(1)) < 0 || checkpointInterval.compareTo(Duration.ofDays(1)) > 0) {
            throw new ConfigException("audit.checkpointInterval", "must be between 1s and 1d, got " + Durations.format(checkpointInterval));
        }
        if (signingKeyFile.equals(checkpointFile)) {
            throw new ConfigException("audit.checkpointFile", "must not be the signing key file");
        }
    }

    /** The defaults: batches of up to 256, no waiting, key and checkpoints under {@code .data/}. */
    public static AuditConfig defaults() {
        return new AuditConfig(DEFAULT_MAX_BATCH, Duration.ZERO, null, null, null);
    }

    /** The same settings with the key and checkpoints in {@code dir}. */
    public AuditConfig in(Path dir) {
        return new AuditConfig(maxBatch, maxBatchWait, dir.resolve("audit-signing.key"), dir.resolve("audit-checkpoints.jsonl"),
                checkpointInterval);
    }
}
