package io.tollgate.audit;

import static io.tollgate.db.generated.Tables.AUDIT_EVENT;

import io.tollgate.audit.ChainVerification.BrokenRange;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.stream.IntStream;
import org.jooq.DSLContext;

/**
 * Verifies the chain in the database: reads the records in seq order a bounded batch at a time (keyset on seq),
 * so verifying millions of records needs the memory of two batches, and overlaps the three costs of a record:
 * <ul>
 *   <li>fetch threads read the next batches, side by side on their own connections, while this one is checked
 *       (through binary COPY, {@link StoredRowsCopy}); where each batch ends is read from the
 *       primary key first ({@link #boundary});</li>
 *   <li>the per-record checks (recompute the hash, verify a signature: {@link RecordCheck}) run over the batch on
 *       one thread per core;</li>
 *   <li>the {@link ChainWalk} then takes the batch in order with those results: the sequential part (seq
 *       continuity, links, the unsigned tail, checkpoints) is a few comparisons per record.</li>
 * </ul>
 */
final class ChainVerifier {
    /** Per-record checks of every verification share these threads, one per core; idle ones end after a while. */
    private static final ForkJoinPool CHECKERS = new ForkJoinPool(Runtime.getRuntime().availableProcessors(), pool -> {
        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        t.setName("tollgate-verify-" + t.getPoolIndex());
        return t;
    }, null, false);

    /**
     * Batches fetched side by side, each on its own pooled connection while it is read (never two at once per
     * fetch, so a pool of one still works, in turn). Two keep PostgreSQL rendering while the service checks;
     * more would take connections from requests for little: checking, not fetching, is the larger half.
     */
    private static final int FETCHERS = 2;

    private final DSLContext ctx;
    private final int batchSize;
    private final AuditKey.AuditPublicKey key;

    ChainVerifier(DSLContext ctx, int batchSize, AuditKey.AuditPublicKey key) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        this.ctx = ctx;
        this.batchSize = batchSize;
        this.key = key;
    }

    /**
     * Walks the whole chain from seq 1.
     *
     * @param checkpoints signed checkpoints to compare with, each with where it came from
     */
    ChainVerification verify(Map<Checkpoint, String> checkpoints) {
        return verify(checkpoints, List.of());
    }

    /** @param checkpointProblems problems with the checkpoints themselves, reported with the walk's own */
    ChainVerification verify(Map<Checkpoint, String> checkpoints, List<String> checkpointProblems) {
        var walk = new ChainWalk(key, checkpoints);
        checkpointProblems.forEach(walk::reportCheckpointProblem);
        return walk(walk, 0);
    }

    /**
     * Walks only the records after {@code from}, a point an earlier walk found intact: the first must link to
     * its hash. Checkpoints at or before it are compared with the hash stored at their seq. When the record at
     * {@code from} itself is gone or holds another hash, the chain behind the point changed: then the whole
     * chain is walked, and that finding is reported beside whatever the walk finds.
     */
    ChainVerification verifyAfter(VerifiedPoint from, Map<Checkpoint, String> checkpoints, List<String> checkpointProblems) {
        var seqs = new ArrayList<Long>();
        seqs.add(from.seq());
        seqs.add(1L); // the log's id, which checkpoints name
        checkpoints.keySet().stream().map(Checkpoint::seq).filter(s -> s > 0 && s <= from.seq()).forEach(seqs::add);
        Map<Long, String> stored = ctx.select(AUDIT_EVENT.SEQ, AUDIT_EVENT.HASH).from(AUDIT_EVENT)
                .where(AUDIT_EVENT.SEQ.in(seqs))
                .fetchMap(AUDIT_EVENT.SEQ, AUDIT_EVENT.HASH);
        String now = stored.get(from.seq());
        if (from.hash().equals(now)) {
            var walk = new ChainWalk(key, checkpoints, from, stored);
            checkpointProblems.forEach(walk::reportCheckpointProblem);
            return walk(walk, from.seq()).continuedAfter(from.seq());
        }
        String when = "verified intact on " + HashChain.timestamp(from.verifiedAt());
        var finding = new BrokenRange(from.seq(), from.seq(), null, null, now == null
                ? "missing: the record at seq " + from.seq() + " (" + when + ") is gone; records were removed or the log was truncated"
                : "rewritten: the hash at seq " + from.seq() + " differs from the one " + when);
        return verify(checkpoints, checkpointProblems).withProblem(finding);
    }

    private ChainVerification walk(ChainWalk walk, long after) {
        try (ExecutorService fetchers = Executors.newFixedThreadPool(FETCHERS,
                r -> Thread.ofPlatform().daemon().name("tollgate-verify-fetch").unstarted(r))) {
            var ahead = new ArrayDeque<CompletableFuture<List<EventRows.Stored>>>();
            long next = after;
            boolean open = false;
            while (true) {
                // Keep FETCHERS batches in flight: the database reads and sends a batch on one core per connection.
                while (!open && ahead.size() < FETCHERS) {
                    long from = next;
                    long upTo = boundary(from);
                    open = upTo < 0;
                    ahead.add(CompletableFuture.supplyAsync(() -> fetch(from, upTo < 0 ? Long.MAX_VALUE : upTo), fetchers));
                    next = upTo;
                }
                var batch = join(ahead.poll());
                var checks = check(batch);
                for (int i = 0; i < checks.length; i++) {
                    walk.accept(batch.get(i).columns(), checks[i]);
                }
                if (ahead.isEmpty()) {
                    if (batch.size() < batchSize) {
                        return walk.finish();
                    }
                    // Records arrived after the last boundary was read: go on after the ones just walked.
                    next = batch.getLast().columns().seq();
                    open = false;
                }
            }
        }
    }

    /**
     * The seq of the {@code batchSize}-th record after {@code after}, or -1 when there are fewer: the end of the
     * next batch, read from the primary key alone so batches can be fetched side by side.
     */
    private long boundary(long after) {
        Long seq = ctx.select(AUDIT_EVENT.SEQ).from(AUDIT_EVENT).where(AUDIT_EVENT.SEQ.gt(after))
                .orderBy(AUDIT_EVENT.SEQ).offset(batchSize - 1).limit(1).fetchOne(AUDIT_EVENT.SEQ);
        return seq == null ? -1 : seq;
    }

    private RecordCheck[] check(List<EventRows.Stored> batch) {
        var checks = new RecordCheck[batch.size()];
        CHECKERS.submit(() -> IntStream.range(0, checks.length).parallel()
                .forEach(i -> checks[i] = RecordCheck.of(batch.get(i), key))).join();
        return checks;
    }

    /** At most {@code batchSize} records after {@code after}, up to {@code upTo}. */
    private List<EventRows.Stored> fetch(long after, long upTo) {
        return ctx.connectionResult(c -> StoredRowsCopy.read(c, after, upTo, batchSize));
    }

    /** The fetched batch, or the fetch's own exception (a {@code DataAccessException} when the store is down). */
    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
