package io.tollgate.audit;

import static io.tollgate.db.generated.Tables.AUDIT_EVENT;

import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;
import org.jooq.DSLContext;
import org.jooq.Record5;

/**
 * Whether the chain in the database may be appended to and checkpointed. It must still hold the newest signed
 * checkpoint the service can read (nothing removed after it, nothing rewritten up to it, the same log) and end
 * in a record signed by this service. Appending to a shortened chain and then signing a new checkpoint over it
 * would bless the truncation; so while a problem stands, appends and checkpoints are refused
 * ({@link AuditTamperedException}: checks answer 503) and readiness is DOWN.
 *
 * <p>Level-triggered: every {@link #check()} reads the database again, so a restored database is accepted
 * without a restart. A refused append re-checks at most once per {@link #RECHECK_NANOS}.
 */
final class LogIntegrity {
    private static final Logger LOG = Logger.getLogger(LogIntegrity.class.getName());
    private static final long RECHECK_NANOS = 1_000_000_000L;
    private static final int LINK_BATCH = 10_000;

    private final DSLContext ctx;
    private final AuditKey.AuditPublicKey key;
    /** The newest signed checkpoint known (file, database copy, or published by this process). */
    private volatile Checkpoint trusted;
    /** What the last {@link #check()} found, or null. */
    private volatile String headProblem;
    /** What the last {@link #requireExtends} walk found, or null. */
    private volatile String linkProblem;
    private volatile long checkedAt = System.nanoTime() - RECHECK_NANOS;

    LogIntegrity(DSLContext ctx, AuditKey.AuditPublicKey key) {
        this.ctx = ctx;
        this.key = key;
    }

    /** Raises the bar: appends must keep {@code checkpoint} (if it is newer than the one trusted so far). */
    void trust(Checkpoint checkpoint) {
        synchronized (this) {
            if (checkpoint != null && (trusted == null || checkpoint.seq() > trusted.seq())) {
                trusted = checkpoint;
            }
        }
    }

    Optional<Checkpoint> trusted() {
        return Optional.ofNullable(trusted);
    }

    /** The standing problem, or null; no database access. */
    String problem() {
        String head = headProblem;
        return head != null ? head : linkProblem;
    }

    /** The standing problem after a fresh {@link #check()} if the last one is over a second old. */
    String currentProblem() {
        if (System.nanoTime() - checkedAt >= RECHECK_NANOS) {
            check();
        }
        return problem();
    }

    /**
     * Refuses an append while a problem stands (re-checking at most once a second, so a repaired database is
     * accepted again). @throws AuditTamperedException naming the problem
     */
    void requireIntact() {
        if (problem() == null) {
            return;
        }
        String p = currentProblem();
        if (p != null) {
            throw new AuditTamperedException(p);
        }
    }

    /**
     * Reads the head and the record at the trusted checkpoint. @return the problem, or null when the chain still
     * reaches the checkpoint with its hash and ends in a record signed by this service
     * @throws org.jooq.exception.DataAccessException when the database cannot be read
     */
    synchronized String check() {
        var head = ctx.select(AUDIT_EVENT.SEQ, AUDIT_EVENT.HASH, AUDIT_EVENT.HASH_FORMAT, AUDIT_EVENT.SIGNATURE, AUDIT_EVENT.KEY_ID)
                .from(AUDIT_EVENT).orderBy(AUDIT_EVENT.SEQ.desc()).limit(1).fetchOne();
        String problem = trusted != null ? againstCheckpoint(trusted, head) : null;
        if (problem == null && head != null) {
            problem = unsignedHead(head);
        }
        report(headProblem, problem);
        headProblem = problem;
        checkedAt = System.nanoTime();
        return problem();
    }

    /**
     * Before a checkpoint of {@code head} is signed: every record after {@code from} up to {@code head} must be
     * present and link to the one before, so the new checkpoint extends {@code from}. Reads only seq and hashes.
     *
     * @throws AuditTamperedException naming the first gap or broken link
     */
    void requireExtends(Checkpoint from, AuditEvent head) {
        long expectedSeq = from.seq() + 1;
        String expectedPrevious = from.headHash();
        String problem = null;
        while (problem == null && expectedSeq <= head.seq()) {
            var rows = ctx.select(AUDIT_EVENT.SEQ, AUDIT_EVENT.PREVIOUS_HASH, AUDIT_EVENT.HASH).from(AUDIT_EVENT)
                    .where(AUDIT_EVENT.SEQ.between(expectedSeq, head.seq()))
                    .orderBy(AUDIT_EVENT.SEQ.asc()).limit(LINK_BATCH).fetch();
            if (rows.isEmpty()) {
                problem = "records " + expectedSeq + ".." + head.seq() + " are missing after the checkpoint at seq " + from.seq();
            }
            for (var r : rows) {
                if (r.value1() != expectedSeq) {
                    problem = "records " + expectedSeq + ".." + (r.value1() - 1) + " are missing after the checkpoint at seq " + from.seq();
                    break;
                }
                if (!r.value2().equals(expectedPrevious)) {
                    problem = "the record at seq " + expectedSeq + " does not link to the one before it (checkpoint at seq "
                            + from.seq() + ")";
                    break;
                }
                expectedSeq++;
                expectedPrevious = r.value3();
            }
        }
        if (problem == null && !expectedPrevious.equals(head.hash())) {
            problem = "the head at seq " + head.seq() + " is not the end of the chain from the checkpoint at seq " + from.seq();
        }
        if (problem != null) {
            problem = problem + "; refusing to sign a checkpoint that does not extend the previous one (GET /v1/audit/verify"
                    + " shows the damage; docs/operations.md says how to recover)";
        }
        report(linkProblem, problem);
        linkProblem = problem;
        if (problem != null) {
            throw new AuditTamperedException(problem);
        }
    }

    private String againstCheckpoint(Checkpoint c, Record5<Long, String, Short, String, String> head) {
        String said = "the checkpoint of " + HashChain.timestamp(c.time()) + " says the log reached seq " + c.seq();
        String refusal = "; refusing to append or checkpoint until the log is restored (GET /v1/audit/verify shows the damage;"
                + " docs/operations.md says how to recover)";
        if (head == null) {
            return "the audit log is empty but " + said + ": it was truncated" + refusal;
        }
        if (head.value1() < c.seq()) {
            return "the audit log ends at seq " + head.value1() + " but " + said + ": records " + (head.value1() + 1) + ".." + c.seq()
                    + " were removed" + refusal;
        }
        String hashThere = ctx.select(AUDIT_EVENT.HASH).from(AUDIT_EVENT).where(AUDIT_EVENT.SEQ.eq(c.seq())).fetchOne(AUDIT_EVENT.HASH);
        if (hashThere == null) {
            return "record seq " + c.seq() + " is missing but " + said + refusal;
        }
        if (!hashThere.equals(c.headHash())) {
            String first = c.logId() == null ? null
                    : ctx.select(AUDIT_EVENT.HASH).from(AUDIT_EVENT).where(AUDIT_EVENT.SEQ.eq(1L)).fetchOne(AUDIT_EVENT.HASH);
            if (c.logId() != null && !c.logId().equals(first)) {
                return "this audit log (first record " + first + ") is not the log " + c.logId() + " that " + said
                        + ": another instance's checkpoint file, or this log was rewritten from seq 1" + refusal;
            }
            return "the record at seq " + c.seq() + " differs from the one in " + said.replace(" says the log reached", " for")
                    + ": the log was rewritten" + refusal;
        }
        return null;
    }

    private String unsignedHead(Record5<Long, String, Short, String, String> head) {
        if (head.value3() == HashChain.LEGACY_DECISION || RecordSignature.valid(head.value2(), head.value4(), head.value5(), key)) {
            return null;
        }
        return "the newest audit record (seq " + head.value1() + ") is not signed by this service's key " + key.id()
                + ": rows were appended without the key (or the key changed); nothing more is recorded until an operator"
                + " checks GET /v1/audit/verify";
    }

    private static void report(String before, String now) {
        if (now != null && !now.equals(before)) {
            LOG.severe("audit log integrity: " + now);
        } else if (now == null && before != null) {
            LOG.warning("audit log integrity restored: appends and checkpoints resume (was: " + before + ")");
        }
    }

    @Override
    public String toString() {
        return "LogIntegrity[trusted=" + (trusted == null ? "none" : trusted.seq()) + ", problem=" + Objects.toString(problem()) + "]";
    }
}
