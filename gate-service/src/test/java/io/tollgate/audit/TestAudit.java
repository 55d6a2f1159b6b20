package io.tollgate.audit;

import io.tollgate.config.AuditConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jooq.DSLContext;

/**
 * The audit signing key of the test JVM (one key, as replicas of one deployment share one) and fresh
 * checkpoint files, so tests never write keys into the source tree.
 */
public final class TestAudit {
    private static AuditKey key;
    private static Path dir;

    private TestAudit() {
    }

    public static synchronized Path dir() {
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("tollgate-audit-test");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    /** The key every test instance signs with. */
    public static synchronized AuditKey key() {
        if (key == null) {
            key = AuditKey.loadOrCreate(keyFile());
        }
        return key;
    }

    public static Path keyFile() {
        return dir().resolve("audit-signing.key");
    }

    /** A checkpoint file of its own (nothing in it yet). */
    public static CheckpointFile freshCheckpointFile() {
        try {
            return new CheckpointFile(Files.createTempFile(dir(), "checkpoints", ".jsonl"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Configuration for a test service: the shared key, a checkpoint file of its own. */
    public static AuditConfig config() {
        key();
        return new AuditConfig(AuditConfig.DEFAULT_MAX_BATCH, Duration.ZERO, keyFile(), freshCheckpointFile().path(), null);
    }

    /** An event log over {@code ctx} with the shared key and its own checkpoint file. */
    public static JooqEventLog log(DSLContext ctx) {
        return JooqEventLog.open(ctx, key(), freshCheckpointFile(), AuditConfig.DEFAULT_MAX_BATCH, Duration.ZERO, null);
    }
}
