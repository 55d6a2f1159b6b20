package io.tollgate.audit;

import java.util.UUID;

/**
 * The result of re-walking the audit chain.
 *
 * @param intact          true when every record's hash and link matched
 * @param recordsChecked  how many records were walked (up to and including the first broken one)
 * @param firstBrokenSeq  seq of the first record that does not match, or null when intact
 * @param firstBrokenDecisionId its decision id, or null
 * @param problem         what did not match (e.g. "hash mismatch: content changed"), or null
 * @param headHash        hash of the last record checked (64 zeros for an empty log)
 */
public record ChainVerification(
        boolean intact,
        long recordsChecked,
        Long firstBrokenSeq,
        UUID firstBrokenDecisionId,
        String problem,
        String headHash) {
}
