package io.tollgate.server;

import io.helidon.common.socket.HelidonSocket;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Closes the connection of a client that stalls mid-request, which Helidon 4.3 never does: its socket read timeout
 * ({@code connectionOptions.readTimeout}) is not applied to accepted sockets, and its idle-connection check only closes
 * a connection still waiting for a request line. Each such connection holds a file descriptor and a connection slot
 * ({@link ConnectionLimit}) for as long as the client likes, so a few hundred stalled clients used to take the service down.
 * <p>
 * Two deadlines, both {@code server.readTimeout}: the headers must be complete that long after the request line was read
 * (the request line itself is Helidon's idle check), and each read of a body by a handler ({@link #readBody}) must get
 * bytes within it. A sweeper closes the socket of a connection past its deadline: the blocked read fails and Helidon ends
 * the connection, without an answer (the client is not reading one, or is too slow to be served). Helidon calls the
 * listener methods on the connection's own thread, which also runs the handlers, so the connection thread is the key.
 */
public final class RequestDeadlines implements Http1ConnectionListener, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RequestDeadlines.class.getName());
    /** The deadlines of this thread's connection, for handlers reading a body; set once its headers arrived. */
    private static final ThreadLocal<Bound> CURRENT = new ThreadLocal<>();

    private final long timeoutNanos;
    private final Map<Thread, Pending> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;

    /** A read that must complete by {@code deadline} (System.nanoTime), or {@code socket} is closed. */
    private record Pending(HelidonSocket socket, long deadline, String phase) {
    }

    private record Bound(RequestDeadlines deadlines, HelidonSocket socket) {
    }

    /** One blocking read, run by {@link #readBody} under the deadline. */
    @FunctionalInterface
    public interface Read<T> {
        T read() throws IOException;
    }

    public RequestDeadlines(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("tollgate-request-deadlines").unstarted(r));
        // A quarter of the timeout: a stalled connection is closed between 1 and 1.25 read timeouts after its deadline began.
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(25), timeoutNanos / 4);
        sweeper.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.NANOSECONDS);
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        pending.put(Thread.currentThread(), new Pending(ctx.serverSocket(), System.nanoTime() + timeoutNanos, "headers"));
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        if (pending.remove(Thread.currentThread()) == null) {
            // The sweeper closed the socket as the last header arrived: the request is not served.
            throw new CloseConnectionException("request headers completed after server.readTimeout");
        }
        CURRENT.set(new Bound(this, ctx.serverSocket()));
    }

    /**
     * Runs one blocking read of the current request's body under the read deadline: when it gets no bytes within
     * {@code server.readTimeout}, the connection is closed and the read fails with a {@link CloseConnectionException},
     * which Helidon ends the connection on without an answer or a log line (the client is gone for us; no handler should
     * answer it). Outside a served request (route tests without a socket) the read runs as it is.
     */
    public static <T> T readBody(Read<T> read) throws IOException {
        var bound = CURRENT.get();
        if (bound == null) {
            return read.read();
        }
        var thread = Thread.currentThread();
        var entry = new Pending(bound.socket(), System.nanoTime() + bound.deadlines().timeoutNanos, "body");
        bound.deadlines().pending.put(thread, entry);
        try {
            return read.read();
        } catch (IOException | RuntimeException e) {
            if (!bound.deadlines().pending.remove(thread, entry)) {
                throw new CloseConnectionException("request body stalled past server.readTimeout", e);
            }
            throw e;
        } finally {
            bound.deadlines().pending.remove(thread, entry);
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        pending.forEach((thread, entry) -> {
            if (now - entry.deadline() > 0 && pending.remove(thread, entry)) {
                LOG.log(Level.FINE, () -> "closing a connection whose request " + entry.phase() + " stalled past server.readTimeout");
                try {
                    entry.socket().close();
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "closing a stalled connection failed", e);
                }
            }
        });
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        pending.clear();
    }
}
