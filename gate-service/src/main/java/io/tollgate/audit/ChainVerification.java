package io.tollgate.audit;

import java.util.UUID;

/**
 * The result of re-walking the audit chain.
 *
 * @param intact                true when every record's hash and link matched
 * @param recordsChecked        how many records were walked (up to and including the first broken one)
 * @param firstBrokenSeq        seq of the first record that does not match, or null when intact
 * @param firstBrokenKind       its kind ({@code decision}, {@code release.transition}, ...), or null
 * @param firstBrokenSubject    its subject (decision id, release id, ...), or null
 * @param problem               what did not match (e.g. "hash mismatch: content changed"), or null
 * @param headHash              hash of the last record checked (64 zeros for an empty log)
 */
public record ChainVerification(
        boolean intact,
        long recordsChecked,
        Long firstBrokenSeq,
        String firstBrokenKind,
        String firstBrokenSubject,
        String problem,
        String headHash) {

    static ChainVerification intact(long checked, String headHash) {
        return new ChainVerification(true, checked, null, null, null, null, headHash);
    }

    static ChainVerification broken(long checked, AuditEvent at, String problem, String lastGoodHash) {
        return new ChainVerification(false, checked, at.seq(), at.kind(), at.subject(), problem, lastGoodHash);
    }

    /** The decision id of the first broken record when it is a decision, else null. */
    public UUID firstBrokenDecisionId() {
        if (!EventKind.DECISION.wire().equals(firstBrokenKind)) {
            return null;
        }
        try {
            return UUID.fromString(firstBrokenSubject);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
