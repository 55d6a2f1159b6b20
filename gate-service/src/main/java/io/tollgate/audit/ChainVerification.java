package io.tollgate.audit;

import java.util.List;
import java.util.UUID;

/**
 * The result of re-walking the audit chain.
 *
 * @param intact           true when no problem was found
 * @param recordsChecked   how many records were walked (all of them)
 * @param headSeq          seq of the newest record (0 for an empty log)
 * @param headHash         hash of the newest record (64 zeros for an empty log)
 * @param signedThroughSeq seq of the newest record carrying a valid signature by the service's key (0 if none):
 *                         every record up to it is vouched for
 * @param problems         every broken range found, in seq order (at most {@link ChainWalk#MAX_PROBLEMS})
 * @param checkpoints      the checkpoints the log was compared with, and whether each matched
 * @param fromSeq          0 for a full walk; for an incremental one, the seq an earlier walk had verified the
 *                         chain through: only records after it were read, and the first had to link to it
 */
public record ChainVerification(
        boolean intact,
        long recordsChecked,
        long headSeq,
        String headHash,
        long signedThroughSeq,
        List<BrokenRange> problems,
        List<CheckpointMatch> checkpoints,
        long fromSeq) {

    public ChainVerification {
        problems = List.copyOf(problems);
        checkpoints = List.copyOf(checkpoints);
    }

    /** A full walk's result. */
    public ChainVerification(boolean intact, long recordsChecked, long headSeq, String headHash, long signedThroughSeq,
                             List<BrokenRange> problems, List<CheckpointMatch> checkpoints) {
        this(intact, recordsChecked, headSeq, headHash, signedThroughSeq, problems, checkpoints, 0);
    }

    /** The same result with one more problem, in seq order (the walk's cap on reported ranges still holds). */
    ChainVerification withProblem(BrokenRange problem) {
        var all = new java.util.ArrayList<>(problems);
        all.add(problem);
        all.sort(java.util.Comparator.comparingLong(BrokenRange::fromSeq));
        var reported = all.size() > ChainWalk.MAX_PROBLEMS ? all.subList(0, ChainWalk.MAX_PROBLEMS) : all;
        return new ChainVerification(false, recordsChecked, headSeq, headHash, signedThroughSeq, reported, checkpoints, fromSeq);
    }

    /** The same result, of a walk that continued after {@code seq}. */
    ChainVerification continuedAfter(long seq) {
        return new ChainVerification(intact, recordsChecked, headSeq, headHash, signedThroughSeq, problems, checkpoints, seq);
    }

    /**
     * Records {@code fromSeq..toSeq} failed verification for the same reason.
     *
     * @param kind    kind of the first record of the range, or null when the records are missing
     * @param subject subject of the first record of the range, or null when the records are missing
     */
    public record BrokenRange(long fromSeq, long toSeq, String kind, String subject, String problem) {
        /** The decision id of the range's first record when it is a decision, else null. */
        public UUID decisionId() {
            if (!EventKind.DECISION.wire().equals(kind)) {
                return null;
            }
            try {
                return UUID.fromString(subject);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    /** A checkpoint and what the log says about it: {@code matches} when the log holds its head at its seq. */
    public record CheckpointMatch(Checkpoint checkpoint, String source, boolean matches) {
    }

    public Long firstBrokenSeq() {
        return problems.isEmpty() ? null : problems.getFirst().fromSeq();
    }

    public UUID firstBrokenDecisionId() {
        return problems.isEmpty() ? null : problems.getFirst().decisionId();
    }

    public String problem() {
        return problems.isEmpty() ? null : problems.getFirst().problem();
    }
}
