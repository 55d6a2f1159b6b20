package io.tollgate.playground;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Steady open-loop traffic ({@code GET /}) at a rate that can be changed while it runs, so the canary
 * has requests whose errors Prometheus can count during a bake. Each request runs on its own virtual thread;
 * at most {@value #MAX_IN_FLIGHT} are in flight, beyond that a tick is skipped (and counted) rather than queued,
 * so a slow backend never builds an unbounded backlog.
 */
public final class LoadGenerator implements AutoCloseable {
    static final int MAX_IN_FLIGHT = 200;
    static final int MAX_RATE = 1000;

    private final Supplier<Destination> targets;
    private final HttpClient client;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final Thread pacer;
    private volatile int rate;
    private volatile boolean running = true;

    /**
     * Where one request goes, and who hears its outcome: {@code status} is the HTTP status, or 0 when no answer came.
     * The KubePlayground's router picks a destination per request by the route's weights.
     */
    public interface Destination {
        URI uri();

        default void answered(int status, long nanos) {
        }
    }

    private LoadGenerator(Supplier<Destination> targets, int rate) {
        this.targets = targets;
        this.rate = checkRate(rate);
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        this.pacer = Thread.ofPlatform().daemon().name("playground-load").start(this::pace);
    }

    /** Starts sending {@code rate} requests per second (0 pauses) to {@code target}. */
    public static LoadGenerator start(URI target, int rate) {
        Destination fixed = () -> target;
        return new LoadGenerator(() -> fixed, rate);
    }

    /** Starts sending {@code rate} requests per second, each to the destination {@code targets} picks for it. */
    public static LoadGenerator start(Supplier<Destination> targets, int rate) {
        return new LoadGenerator(targets, rate);
    }

    /** Requests per second, 0..{@value #MAX_RATE}; applies from the next tick. */
    public void setRate(int rate) {
        this.rate = checkRate(rate);
    }

    public int rate() {
        return rate;
    }

    /** Requests that got an answer (any status). */
    public long sent() {
        return sent.get();
    }

    /** Requests that got no answer (connection refused, timeout). */
    public long failed() {
        return failed.get();
    }

    /** Ticks skipped because {@value #MAX_IN_FLIGHT} requests were still in flight. */
    public long skipped() {
        return skipped.get();
    }

    /** Stops the pacer; requests in flight finish or time out on their own (daemon virtual threads). */
    @Override
    public void close() {
        running = false;
        pacer.interrupt();
        try {
            pacer.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.shutdownNow();
    }

    private void pace() {
        long next = System.nanoTime();
        while (running) {
            int r = rate;
            if (r == 0) {
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
                next = System.nanoTime();
                continue;
            }
            long period = 1_000_000_000L / r;
            next += period;
            if (next < System.nanoTime() - period) {
                next = System.nanoTime(); // a pacer that fell behind restarts from now instead of sending a burst
            }
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (!running) {
                return;
            }
            if (!inFlight.tryAcquire()) {
                skipped.incrementAndGet();
                continue;
            }
            Thread.ofVirtual().start(this::sendOne);
        }
    }

    private void sendOne() {
        long start = System.nanoTime();
        Destination target = targets.get();
        try {
            var request = HttpRequest.newBuilder(target.uri()).timeout(Duration.ofSeconds(5)).GET().build();
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            sent.incrementAndGet();
            target.answered(status, System.nanoTime() - start);
        } catch (IOException e) {
            failed.incrementAndGet();
            target.answered(0, System.nanoTime() - start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.release();
        }
    }

    private static int checkRate(int rate) {
        if (rate < 0 || rate > MAX_RATE) {
            throw new IllegalArgumentException("rps must be within 0.." + MAX_RATE + ", was " + rate);
        }
        return rate;
    }
}
