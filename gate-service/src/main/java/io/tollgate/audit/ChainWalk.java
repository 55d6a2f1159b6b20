package io.tollgate.audit;

import io.tollgate.audit.ChainVerification.BrokenRange;
import io.tollgate.audit.ChainVerification.CheckpointMatch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One verification walk over the chain, fed the records in seq order (from the database by
 * {@link ChainVerifier}, or from an exported file by {@link OfflineVerifier}). It reports every broken range:
 * <ul>
 *   <li>missing records (a gap in seq), a record whose {@code previous_hash} does not match, a record whose
 *       content does not hash to what is stored (each in its own hash format);</li>
 *   <li>a signature that does not verify with the service's public key, and an <em>unsigned tail</em>:
 *       records after the last valid signature, which is what rows appended without the key look like
 *       (legacy records from before signing are the exception);</li>
 *   <li>disagreement with signed checkpoints kept outside the database: a checkpoint beyond the end of the
 *       log (newest records removed, or truncation), or a different hash at its seq (a rewrite).</li>
 * </ul>
 */
final class ChainWalk {
    /** At most this many ranges are reported; the walk still checks every record. */
    static final int MAX_PROBLEMS = 100;

    private final AuditKey.AuditPublicKey key;
    private final Map<Checkpoint, String> checkpoints;
    private final Map<Long, String> hashAtCheckpoint = new HashMap<>();
    private final List<BrokenRange> problems = new ArrayList<>();
    private long lastSeq;
    private String lastHash = HashChain.GENESIS;
    private long checked;
    private long signedThrough;
    private AuditEvent firstUnsigned;
    /** The hash of record seq 1: the log's id, which checkpoints name. */
    private String logId;

    ChainWalk(AuditKey.AuditPublicKey key, Map<Checkpoint, String> checkpoints) {
        this.key = key;
        this.checkpoints = checkpoints;
        checkpoints.keySet().forEach(c -> hashAtCheckpoint.put(c.seq(), null));
    }

    /**
     * A walk that continues after a point an earlier walk verified ({@code from}): the next record must be
     * {@code from.seq() + 1} and link to {@code from.hash()}; nothing before it is re-read. {@code storedHashes}
     * holds the stored hash at each checkpoint seq at or before {@code from}, to compare those checkpoints with,
     * and at seq 1 (the log's id).
     */
    ChainWalk(AuditKey.AuditPublicKey key, Map<Checkpoint, String> checkpoints, VerifiedPoint from, Map<Long, String> storedHashes) {
        this(key, checkpoints);
        lastSeq = from.seq();
        lastHash = from.hash();
        signedThrough = from.signedThroughSeq();
        logId = storedHashes.get(1L);
        storedHashes.forEach((seq, hash) -> {
            if (hashAtCheckpoint.containsKey(seq)) {
                hashAtCheckpoint.put(seq, hash);
            }
        });
    }

    /** Checks the next record, computing its {@link RecordCheck} here. */
    void accept(AuditEvent e) {
        accept(e, RecordCheck.of(e, key));
    }

    /** Checks the next record with its per-record results computed beforehand (in parallel, by {@link ChainVerifier}). */
    void accept(AuditEvent e, RecordCheck check) {
        checked++;
        if (e.seq() > lastSeq + 1) {
            add(new BrokenRange(lastSeq + 1, e.seq() - 1, null, null, "missing: these records were removed"));
        } else if (!e.previousHash().equals(lastHash)) {
            add(at(e, "broken link: previous_hash does not match the hash of the record before"));
        }
        if (e.hashFormat() != HashChain.EVENT && e.hashFormat() != HashChain.LEGACY_DECISION) {
            add(at(e, "unknown hash format " + e.hashFormat()));
        } else if (!check.hashMatches()) {
            add(at(e, "hash mismatch: content changed since it was recorded"));
        }
        if (e.signature() != null) {
            if (check.signatureValid()) {
                signedThrough = e.seq();
                firstUnsigned = null;
            } else {
                add(at(e, "bad signature: does not verify with the service's key " + key.id()));
            }
        } else if (e.hashFormat() == HashChain.EVENT && firstUnsigned == null) {
            firstUnsigned = e;
        }
        if (e.seq() == 1) {
            logId = e.hash();
        }
        if (hashAtCheckpoint.containsKey(e.seq())) {
            hashAtCheckpoint.put(e.seq(), e.hash());
        }
        lastSeq = e.seq();
        lastHash = e.hash();
    }

    /** A problem with a checkpoint itself (an unreadable or foreign line, a vanished file): reported at seq 0. */
    void reportCheckpointProblem(String problem) {
        problems.add(new BrokenRange(0, 0, null, null, "checkpoint: " + problem));
    }

    ChainVerification finish() {
        if (firstUnsigned != null) {
            problems.add(new BrokenRange(firstUnsigned.seq(), lastSeq, firstUnsigned.kind(), firstUnsigned.subject(),
                    "not signed: no valid signature after seq " + signedThrough
                            + ", so these records were appended without the service's key"));
        }
        var matches = new ArrayList<CheckpointMatch>();
        checkpoints.forEach((checkpoint, source) -> matches.add(compare(checkpoint, source)));
        problems.sort(Comparator.comparingLong(BrokenRange::fromSeq));
        var reported = problems.size() > MAX_PROBLEMS ? problems.subList(0, MAX_PROBLEMS) : problems;
        return new ChainVerification(problems.isEmpty(), checked, lastSeq, lastHash, signedThrough, reported, matches);
    }

    private CheckpointMatch compare(Checkpoint c, String source) {
        String when = "checkpoint of " + HashChain.timestamp(c.time()) + " (" + source + ")";
        if (!c.verifiedBy(key)) {
            problems.add(new BrokenRange(c.seq(), c.seq(), null, null, when + " is not signed by the service's key"));
            return new CheckpointMatch(c, source, false);
        }
        if (c.logId() != null && logId != null && !c.logId().equals(logId)) {
            problems.add(new BrokenRange(c.seq(), c.seq(), null, null, "another log: the " + when + " belongs to log " + c.logId()
                    + ", this log's first record is " + logId + " (a checkpoint file shared by two instances, or this log was"
                    + " rewritten from seq 1)"));
            return new CheckpointMatch(c, source, false);
        }
        if (c.seq() > lastSeq) {
            problems.add(new BrokenRange(lastSeq + 1, c.seq(), null, null, "missing: the " + when + " says the log reached seq "
                    + c.seq() + "; the newest records were removed or the log was truncated"));
            return new CheckpointMatch(c, source, false);
        }
        if (c.seq() > 0 && !c.headHash().equals(hashAtCheckpoint.get(c.seq()))) {
            problems.add(new BrokenRange(c.seq(), c.seq(), null, null, "rewritten: the hash at seq " + c.seq()
                    + " differs from the " + when));
            return new CheckpointMatch(c, source, false);
        }
        return new CheckpointMatch(c, source, true);
    }

    private BrokenRange at(AuditEvent e, String problem) {
        return new BrokenRange(e.seq(), e.seq(), e.kind(), e.subject(), problem);
    }

    /** Adds a problem, merging it into the previous range when it continues it with the same problem. */
    private void add(BrokenRange range) {
        if (!problems.isEmpty()) {
            var last = problems.getLast();
            if (last.problem().equals(range.problem()) && last.toSeq() + 1 == range.fromSeq()) {
                problems.set(problems.size() - 1, new BrokenRange(last.fromSeq(), range.toSeq(), last.kind(), last.subject(), last.problem()));
                return;
            }
        }
        problems.add(range);
    }
}
