package io.tollgate.audit;

import java.util.Optional;
import java.util.UUID;

/**
 * Gate decisions in the audit chain: appended as {@code decision} events of the {@link EventLog},
 * found and listed by decision fields. Implementations are safe to use from many threads and from
 * several service replicas sharing one database.
 */
public interface DecisionLog {

    /**
     * Appends one decision, chained to the current head of the log, and returns it as stored. Returns
     * only once the transaction holding it committed.
     *
     * @throws AuditUnavailableException when the store cannot be reached or the commit fails;
     *                                   then nothing of the decision was written
     */
    DecisionRecord append(NewDecision decision);

    /** The decision with this id, or empty. @throws AuditUnavailableException when the store is down */
    Optional<DecisionRecord> find(UUID decisionId);

    /**
     * Decisions matching the query, newest first, at most {@code query.limit()} of them, with a cursor
     * for the next page (null on the last page).
     *
     * @throws InvalidCursorException    when the query's cursor was not issued by this log
     * @throws AuditUnavailableException when the store is down
     */
    DecisionPage list(DecisionQuery query);

    /**
     * As {@link #list}, each decision without its request and policy input (empty JSON nodes in their place):
     * those are most of a stored decision, and a page of summaries need not read or parse them.
     *
     * @throws InvalidCursorException    when the query's cursor was not issued by this log
     * @throws AuditUnavailableException when the store is down
     */
    default DecisionPage listSummaries(DecisionQuery query) {
        return list(query);
    }

    /**
     * Re-walks the whole chain from the first record, recomputing every hash, and reports the first
     * record whose content or link does not match. @throws AuditUnavailableException when the store is down
     */
    ChainVerification verify();

    /** Null when the store answers a trivial query within about a second, else a one-line problem. */
    String healthProblem();
}
