package io.tollgate.db;

import java.time.Duration;
import java.util.logging.Logger;

/**
 * Keeps the embedded PostgreSQL running: a daemon thread looks at its postmaster every {@link #POLL} and, once it
 * is gone (killed, crashed, OOM-killed), starts it again on the same data directory and port with
 * {@link EmbeddedServer#restart()}, retrying with a doubling backoff ({@link #FIRST_BACKOFF} up to
 * {@link #MAX_BACKOFF}) while it fails (old backends still holding shared memory, port taken, disk full).
 *
 * <p>Why this is safe: nothing is acknowledged unless committed (group commit answers only after the commit),
 * and PostgreSQL's crash recovery replays every committed transaction from its WAL before accepting
 * connections. Meanwhile checks answer {@code 503 audit_unavailable} and {@code /health/ready} is DOWN; once
 * it runs again the pool's next connections succeed and readiness is UP. A stopped (SIGSTOP) server is not
 * dead: it still holds its data directory; statement and socket timeouts bound the waits on it instead.
 */
final class EmbeddedSupervisor implements AutoCloseable {
    static final Duration POLL = Duration.ofMillis(500);
    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(EmbeddedSupervisor.class.getName());

    private final EmbeddedServer server;
    private final Thread thread;
    /** Waits happen on this monitor, so closing wakes them without interrupting a restart in progress. */
    private final Object wake = new Object();
    private volatile boolean closed;

    private EmbeddedSupervisor(EmbeddedServer server) {
        this.server = server;
        this.thread = Thread.ofPlatform().daemon().name("tollgate-embedded-pg-supervisor").unstarted(this::watch);
    }

    static EmbeddedSupervisor start(EmbeddedServer server) {
        var supervisor = new EmbeddedSupervisor(server);
        supervisor.thread.start();
        return supervisor;
    }

    private void watch() {
        try {
            while (!closed) {
                pause(POLL.toMillis());
                if (!closed && !server.alive()) {
                    recover();
                }
            }
        } catch (InterruptedException e) {
            // nobody interrupts this thread; stop watching if someone does
        }
    }

    private void pause(long millis) throws InterruptedException {
        synchronized (wake) {
            if (!closed) {
                wake.wait(millis);
            }
        }
    }

    private void recover() throws InterruptedException {
        long pid = server.postmasterPid();
        long down = System.nanoTime();
        LOG.severe(() -> "embedded PostgreSQL (pid " + pid + ", port " + server.port() + ") is gone; checks answer 503 and "
                + "readiness is DOWN until it runs again; restarting it on the same data directory and port");
        long backoffMs = FIRST_BACKOFF.toMillis();
        for (int attempt = 1; !closed; attempt++) {
            try {
                server.restart();
                final int attempts = attempt;
                LOG.warning(() -> "embedded PostgreSQL restarted (pid " + server.postmasterPid() + ", port " + server.port() + ") "
                        + (System.nanoTime() - down) / 1_000_000 + "ms after it was found gone, attempt " + attempts
                        + "; crash recovery kept every committed record");
                return;
            } catch (java.io.IOException | RuntimeException e) {
                final int attempts = attempt;
                final long wait = backoffMs;
                LOG.warning(() -> "restarting the embedded PostgreSQL failed (attempt " + attempts + "): " + e.getMessage()
                        + "; next attempt in " + wait + "ms");
                pause(backoffMs);
                backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF.toMillis());
            }
        }
    }

    /** Stops watching; waits for a restart in progress to finish (the server's own close stops it after). */
    @Override
    public void close() {
        synchronized (wake) {
            closed = true;
            wake.notifyAll();
        }
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
