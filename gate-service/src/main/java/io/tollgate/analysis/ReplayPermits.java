package io.tollgate.analysis;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * How many analysis replays may run at once ({@code analysis.replay.maxConcurrent}), and where they run. A replay is
 * CPU bound for seconds (a look per interval and metric); one beyond the limit is refused at once, before its body is
 * read, rather than queued. The work runs on platform threads of its own: on a virtual thread it would hold one of
 * the few carrier threads (one per core) for its whole run, and gate checks, which are virtual threads too, would wait
 * for the rest; a platform thread is time-sliced by the operating system like any other.
 */
public final class ReplayPermits {
    private final Semaphore permits;
    private final int max;
    private final ThreadPoolExecutor threads;

    public ReplayPermits(int max) {
        this.permits = new Semaphore(max);
        this.max = max;
        var count = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(max, max, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            var t = new Thread(r, "analysis-replay-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // Idle replay threads end; nothing to close when the service stops.
        threads.allowCoreThreadTimeOut(true);
    }

    /** A held permit; closing it lets the next replay in. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes one permit, to be closed when the replay's answer is written.
     *
     * @throws ReplayBusyException when every permit is taken
     */
    public Permit acquire() {
        if (!permits.tryAcquire()) {
            throw new ReplayBusyException(max);
        }
        var released = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                permits.release();
            }
        };
    }

    /**
     * Runs {@code work} (the CPU-bound part of a replay, under a held permit) on a replay thread and waits for it.
     * What {@code work} throws is thrown here as it is.
     */
    public <T> T compute(Supplier<T> work) {
        try {
            return threads.submit(work::get).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an analysis replay", e);
        }
    }

    /** Every permit is taken; the caller may retry shortly. */
    public static final class ReplayBusyException extends RuntimeException {
        ReplayBusyException(int max) {
            super(max + " analysis " + (max == 1 ? "replay is" : "replays are") + " running (analysis.replay.maxConcurrent);"
                    + " retry when " + (max == 1 ? "it is" : "one is") + " done");
        }
    }
}
