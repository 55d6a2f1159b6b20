package io.tollgate.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jooq.exception.DataAccessException;

/**
 * Group commit: appends from every request thread go through one queue to one writer thread, which takes
 * whatever is waiting (at most {@code maxBatch}, waiting at most {@code maxBatchWait} for more), writes it
 * in one transaction ({@link EventStore#appendBatch}) and only after the commit completes each caller.
 *
 * <p>Why it is safe: a caller returns only when the transaction holding its record committed, exactly as
 * with one transaction per record; a failed batch rolls back as a whole and fails every caller in it, so
 * no caller is told "recorded" for something that is not. The advisory lock inside the transaction still
 * orders batches of several replicas. Why it is fast: one commit (one WAL flush) serves a whole batch, and
 * under load a batch forms by itself while the previous commit is in flight, so with
 * {@code maxBatchWait = 0} a lone request is never delayed.
 *
 * <p>One record whose subject is already recorded (a duplicate decision id) would fail its whole batch;
 * then the batch is retried one record per transaction so only the offender fails.
 *
 * <p>Bounded wait: a caller waits at most {@code appendTimeout} (from {@code database.statementTimeout}) and then
 * fails with {@link AuditUnavailableException}, so a stalled database never hangs a check. Its record is then
 * never acknowledged: if it was still queued it is taken out (never written); if its batch was already on
 * the wire, the commit's outcome is unknown and the record may still appear, which is safe (recorded, not
 * acknowledged; the chain writer re-reads the head after any failed batch). A record whose caller gave up
 * before the writer took it is dropped, not written.
 */
public final class GroupCommitAppender implements AutoCloseable {
    /** Told about every batch, e.g. to export metrics. */
    public interface Listener {
        void batchCommitted(int size, double seconds);

        void batchFailed(int size);
    }

    private static final Logger LOG = Logger.getLogger(GroupCommitAppender.class.getName());
    private static final String UNIQUE_VIOLATION = "23505";
    /** Appends allowed to wait beyond the batch being written, per slot of a batch; beyond that: overloaded. */
    private static final int QUEUED_BATCHES = 64;

    private record Pending(PreparedEvent event, CompletableFuture<AuditEvent> result) {
    }

    private final EventStore store;
    private final int maxBatch;
    private final long maxBatchWaitNanos;
    private final Duration appendTimeout;
    private final Listener listener;
    private final BlockingQueue<Pending> queue;
    private final Thread writer;
    private volatile boolean closed;

    GroupCommitAppender(EventStore store, int maxBatch, Duration maxBatchWait, Duration appendTimeout, Listener listener) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        if (!appendTimeout.isPositive()) {
            throw new IllegalArgumentException("appendTimeout must be positive, got " + appendTimeout);
        }
        this.appendTimeout = appendTimeout;
        this.store = store;
        this.maxBatch = maxBatch;
        this.maxBatchWaitNanos = maxBatchWait.toNanos();
        this.listener = listener;
        this.queue = new ArrayBlockingQueue<>(maxBatch * QUEUED_BATCHES);
        this.writer = Thread.ofPlatform().daemon().name("tollgate-audit-writer").start(this::writeLoop);
    }

    /**
     * Appends one event and returns it as committed. Blocks until its batch committed or failed, at most
     * {@code appendTimeout}.
     *
     * @throws AuditUnavailableException when the batch could not be committed, its commit was not confirmed within
     *                                   {@code appendTimeout} (not acknowledged; it may still be recorded), the
     *                                   queue is full, or the appender is closed
     * @throws DuplicateEventException   when the event's subject is already recorded for its kind
     */
    public AuditEvent append(NewEvent event) {
        // Serialized here, on the caller's thread, so the one writer only chains, signs and inserts.
        var pending = new Pending(PreparedEvent.of(event), new CompletableFuture<>());
        if (closed) {
            throw new AuditUnavailableException("audit log is closed", null);
        }
        if (!queue.offer(pending)) {
            throw new AuditUnavailableException("audit log overloaded: " + queue.size() + " appends already waiting", null);
        }
        // Closed meanwhile and nobody took it: fail it here, or it would wait forever.
        if (closed && queue.remove(pending)) {
            throw new AuditUnavailableException("audit log is closed", null);
        }
        try {
            // Not interruptible on purpose: the caller must get an outcome, and it does within appendTimeout.
            return pending.result().orTimeout(appendTimeout.toNanos(), TimeUnit.NANOSECONDS).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof TimeoutException) {
                throw timedOut(pending);
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** The failure of an append whose commit was not confirmed in time; takes it out of the queue if still there. */
    private AuditUnavailableException timedOut(Pending pending) {
        boolean neverWritten = queue.remove(pending);
        String timeout = appendTimeout.toMillis() + "ms";
        return new AuditUnavailableException(neverWritten
                ? "audit log did not commit within " + timeout + " (database slow or stalled); not recorded"
                : "audit log did not confirm the commit within " + timeout + " (database slow or stalled); not acknowledged, "
                + "it may still be recorded", null);
    }

    private void writeLoop() {
        var batch = new ArrayList<Pending>(maxBatch);
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                fill(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warning("audit writer interrupted; appends stop");
                closed = true;
                if (batch.isEmpty()) {
                    continue;
                }
            }
            write(batch);
            batch.clear();
        }
    }

    /** Takes what is queued, then waits for more up to {@code maxBatchWait}, never beyond {@code maxBatch}. */
    private void fill(List<Pending> batch) throws InterruptedException {
        queue.drainTo(batch, maxBatch - batch.size());
        long deadline = System.nanoTime() + maxBatchWaitNanos;
        while (batch.size() < maxBatch && maxBatchWaitNanos > 0) {
            long left = deadline - System.nanoTime();
            Pending next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            batch.add(next);
            queue.drainTo(batch, maxBatch - batch.size());
        }
    }

    private void write(List<Pending> taken) {
        // Callers that gave up (timed out) are answered already: writing their records would only add work.
        var batch = taken.stream().filter(p -> !p.result().isDone()).toList();
        if (batch.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        try {
            var stored = store.appendBatch(batch.stream().map(Pending::event).toList());
            listener.batchCommitted(batch.size(), (System.nanoTime() - started) / 1e9);
            int late = 0;
            for (int i = 0; i < batch.size(); i++) {
                late += batch.get(i).result().complete(stored.get(i)) ? 0 : 1;
            }
            if (late > 0) {
                final int n = late;
                LOG.warning(() -> n + " audit record(s) committed after their callers had been answered 503 (commit took "
                        + (System.nanoTime() - started) / 1_000_000 + "ms): recorded, never acknowledged");
            }
        } catch (DataAccessException e) {
            if (UNIQUE_VIOLATION.equals(e.sqlState()) && batch.size() > 1) {
                batch.forEach(p -> write(List.of(p)));
            } else if (UNIQUE_VIOLATION.equals(e.sqlState())) {
                var event = batch.getFirst().event().event();
                fail(batch, new DuplicateEventException(event.kind().wire() + " " + event.subject() + " is already recorded", e));
            } else {
                fail(batch, new AuditUnavailableException("audit log unavailable (append): " + AuditFailures.firstLine(e), e));
            }
        } catch (AuditUnavailableException e) {
            fail(batch, e);
        } catch (RuntimeException e) {
            // Not a database answer (e.g. a payload that cannot be serialized): still nothing was committed.
            fail(batch, new AuditUnavailableException("audit log append failed: " + e, e));
        }
    }

    private void fail(List<Pending> batch, RuntimeException failure) {
        listener.batchFailed(batch.size());
        LOG.log(Level.WARNING, "audit batch of " + batch.size() + " not committed: " + failure.getMessage());
        batch.forEach(p -> p.result().completeExceptionally(failure));
    }

    /** Writes what is already queued, then stops; appends after this fail with AuditUnavailableException. */
    @Override
    public void close() {
        closed = true; // the writer sees it within one poll interval, after writing what is queued
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        var left = new ArrayList<Pending>();
        queue.drainTo(left);
        left.forEach(p -> p.result().completeExceptionally(new AuditUnavailableException("audit log is closed", null)));
    }
}
