package io.tollgate.audit;

import static io.tollgate.db.generated.Tables.AUDIT_EVENT;

import org.jooq.DSLContext;

/**
 * Re-walks the chain in seq order, a bounded batch at a time (keyset on seq), so verifying a log of
 * millions of records needs the memory of one batch. Each record must have the next seq, link to the
 * previous record's hash, and hash (in its own format) to what is stored.
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
            var batch = ctx.selectFrom(AUDIT_EVENT)
                    .where(AUDIT_EVENT.SEQ.gt(lastSeq))
                    .orderBy(AUDIT_EVENT.SEQ.asc())
                    .limit(batchSize)
                    .fetch(EventRows::fromRowExact);
            for (var event : batch) {
                checked++;
                String problem = problem(event, lastSeq, lastHash);
                if (problem != null) {
                    return ChainVerification.broken(checked, event, problem, lastHash);
                }
                lastSeq = event.seq();
                lastHash = event.hash();
            }
            if (batch.size() < batchSize) {
                return ChainVerification.intact(checked, lastHash);
            }
        }
    }

    private static String problem(AuditEvent event, long lastSeq, String lastHash) {
        if (event.seq() != lastSeq + 1) {
            return "gap: expected seq " + (lastSeq + 1) + " but found " + event.seq() + " (records removed)";
        }
        if (!event.previousHash().equals(lastHash)) {
            return "broken link: previous_hash does not match the hash of seq " + lastSeq;
        }
        if (event.hashFormat() != HashChain.EVENT && event.hashFormat() != HashChain.LEGACY_DECISION) {
            return "unknown hash format " + event.hashFormat();
        }
        if (!HashChain.recompute(event).equals(event.hash())) {
            return "hash mismatch: content changed since it was recorded";
        }
        return null;
    }
}
