package io.tollgate.audit;

import java.time.Instant;

/**
 * One stored audit record: the decision, its position in the chain, and the chain hashes.
 *
 * @param seq          position in the chain, 1 for the first record, strictly increasing
 * @param recordedAt   commit-side timestamp (microsecond precision)
 * @param previousHash hash of record {@code seq - 1}; 64 zeros for the first record
 * @param hash         SHA-256 (hex) over the canonical content of this record plus {@code previousHash}
 */
public record DecisionRecord(long seq, NewDecision decision, Instant recordedAt, String previousHash, String hash) {
}
