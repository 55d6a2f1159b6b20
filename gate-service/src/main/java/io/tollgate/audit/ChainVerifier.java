package io.tollgate.audit;

import static io.tollgate.db.generated.Tables.DECISION_AUDIT;

import org.jooq.DSLContext;

/**
 * Re-walks the chain in seq order, a bounded batch at a time (keyset on seq), so verifying a log of
 * millions of records needs the memory of one batch. Each record must have the next seq, link to the
 * previous record's hash, and hash to what is stored.
 *
 * <p>What it cannot see: removal of the newest records (the chain simply ends earlier). Compare the
 * reported {@code headHash} with one recorded elsewhere to detect that.
 */
final class ChainVerifier {
    private final DSLContext ctx;
    private final int batchSize;

    ChainVerifier(DSLContext ctx, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        this.ctx = ctx;
        this.batchSize = batchSize;
    }

    ChainVerification verify() {
        long lastSeq = 0;
        String lastHash = HashChain.GENESIS;
        long checked = 0;
        while (true) {
            var batch = ctx.selectFrom(DECISION_AUDIT)
                    .where(DECISION_AUDIT.SEQ.gt(lastSeq))
                    .orderBy(DECISION_AUDIT.SEQ.asc())
                    .limit(batchSize)
                    .fetch();
            for (var row : batch) {
                checked++;
                String problem = problem(row.getSeq(), lastSeq, row.getPreviousHash(), lastHash);
                if (problem == null) {
                    var stored = AuditRows.fromRowExact(row);
                    var expected = HashChain.hash(stored.seq(), stored.decision(), stored.recordedAt(), stored.previousHash());
                    if (!expected.equals(stored.hash())) {
                        problem = "hash mismatch: content changed since it was recorded";
                    }
                }
                if (problem != null) {
                    return new ChainVerification(false, checked, row.getSeq(), row.getDecisionId(), problem, lastHash);
                }
                lastSeq = row.getSeq();
                lastHash = row.getHash();
            }
            if (batch.size() < batchSize) {
                return new ChainVerification(true, checked, null, null, null, lastHash);
            }
        }
    }

    private static String problem(long seq, long lastSeq, String previousHash, String lastHash) {
        if (seq != lastSeq + 1) {
            return "gap: expected seq " + (lastSeq + 1) + " but found " + seq + " (records removed)";
        }
        if (!previousHash.equals(lastHash)) {
            return "broken link: previous_hash does not match the hash of seq " + lastSeq;
        }
        return null;
    }
}
