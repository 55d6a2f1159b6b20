package io.tollgate.audit;

/**
 * The append-only, hash-chained log of everything Tollgate records: one chain for every
 * {@link EventKind}. Safe to use from many threads and from several replicas sharing one database.
 */
public interface EventLog {

    /**
     * Appends one event, chained to the current head, and returns it as stored. Returns only once the
     * transaction holding it committed (several callers may share one transaction: group commit).
     *
     * @throws AuditUnavailableException when the store cannot be reached or the commit fails; then
     *                                   nothing of the event was written
     * @throws DuplicateEventException   when a decision with the same id is already recorded
     */
    AuditEvent append(NewEvent event);

    /**
     * Events matching the query, newest first, with a cursor for the next page (null on the last).
     *
     * @throws InvalidCursorException    when the cursor was not issued by this log
     * @throws AuditUnavailableException when the store is down
     */
    EventPage list(EventQuery query);

    /**
     * Re-walks the whole chain from the first record, recomputing every hash and checking every signature,
     * and compares it with the latest published checkpoint; reports every broken range.
     * @throws AuditUnavailableException when the store is down
     */
    ChainVerification verify();

    /** As {@link #verify()}, also comparing with {@code checkpoint} (one kept by a witness). */
    ChainVerification verify(Checkpoint checkpoint);

    /**
     * As {@link #verify(Checkpoint)}; with {@code incremental}, reads only the records after the newest point
     * this instance verified intact (kept in memory: the first verify after a start walks everything), checking
     * that the first of them links to it, and compares checkpoints at or before it with the hashes stored there.
     * Records before the point are not re-hashed, so a full verify must still run now and then
     * ({@link ChainVerification#fromSeq()} says which walk it was).
     */
    ChainVerification verify(Checkpoint checkpoint, boolean incremental);

    /**
     * Publishes a signed checkpoint of the newest signed record (if newer than the last one) and returns the
     * latest; empty while nothing is signed. @throws AuditUnavailableException when the store is down
     */
    java.util.Optional<Checkpoint> checkpoint();

    /** The public key that verifies this log's signatures and checkpoints. */
    AuditKey.AuditPublicKey publicKey();

    /** Null when the store answers a trivial query within about a second, else a one-line problem. */
    String healthProblem();
}
