package io.tollgate.audit;

import static io.tollgate.db.generated.Tables.AUDIT_EVENT;

import java.util.Map;
import org.jooq.DSLContext;

/**
 * Verifies the chain in the database: feeds a {@link ChainWalk} the records in seq order, a bounded batch at a
 * time (keyset on seq), so verifying millions of records needs the memory of one batch.
 */
final class ChainVerifier {
    private final DSLContext ctx;
    private final int batchSize;
    private final AuditKey.AuditPublicKey key;

    ChainVerifier(DSLContext ctx, int batchSize, AuditKey.AuditPublicKey key) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        this.ctx = ctx;
        this.batchSize = batchSize;
        this.key = key;
    }

    /** @param checkpoints signed checkpoints to compare with, each with where it came from */
    ChainVerification verify(Map<Checkpoint, String> checkpoints) {
        return verify(checkpoints, java.util.List.of());
    }

    /** @param checkpointProblems problems with the checkpoints themselves, reported with the walk's own */
    ChainVerification verify(Map<Checkpoint, String> checkpoints, java.util.List<String> checkpointProblems) {
        var walk = new ChainWalk(key, checkpoints);
        checkpointProblems.forEach(walk::reportCheckpointProblem);
        long after = 0;
        while (true) {
            var batch = ctx.selectFrom(AUDIT_EVENT)
                    .where(AUDIT_EVENT.SEQ.gt(after))
                    .orderBy(AUDIT_EVENT.SEQ.asc())
                    .limit(batchSize)
                    .fetch(EventRows::fromRowExact);
            batch.forEach(walk::accept);
            if (batch.size() < batchSize) {
                return walk.finish();
            }
            after = batch.getLast().seq();
        }
    }
}
