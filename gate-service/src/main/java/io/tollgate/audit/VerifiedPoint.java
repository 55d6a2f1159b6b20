package io.tollgate.audit;

import java.time.Instant;

/**
 * "The chain verified intact through {@code seq}, whose hash is {@code hash}": where an incremental verify
 * continues ({@link ChainWalk}). Kept in the service's memory only, never in the database, which is the party
 * verification does not trust: a point read from a table could be moved past tampered rows by whoever can
 * write that table.
 *
 * @param signedThroughSeq the newest record with a valid signature at that time
 * @param verifiedAt       when the walk that established it finished
 */
record VerifiedPoint(long seq, String hash, long signedThroughSeq, Instant verifiedAt) {
}
