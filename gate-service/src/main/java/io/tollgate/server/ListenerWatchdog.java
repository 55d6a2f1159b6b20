package io.tollgate.server;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Notices an HTTP listener that stopped accepting connections while the process lives on. Helidon 4.3 ends its accept
 * loop on the first failed {@code accept} (out of file descriptors: "this server socket is terminating now"), closes the
 * server socket, and never tells the server: {@code isRunning()} stays true, the process stays up, nothing listens.
 * <p>
 * Every {@link #INTERVAL} the watchdog connects to its own listener. Refused means nothing listens any more: the
 * listener is lost for good (Helidon cannot restart it), {@link #problem()} says why and every {@link #onLost} action
 * runs once ({@code Main} exits with code 4 so that a supervisor restarts the service). Any other failure to connect (no
 * descriptor left for the probe, a full accept backlog) proves nothing and is tried again at the next interval. A probe
 * that connects is closed at once; Helidon serves it as a connection that sent nothing.
 */
public final class ListenerWatchdog implements AutoCloseable {
    /** How often the listener is probed: a lost listener is noticed within about this long. */
    public static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final int PROBE_TIMEOUT_MILLIS = 1000;
    private static final Logger LOG = Logger.getLogger(ListenerWatchdog.class.getName());

    private final List<Consumer<String>> onLost = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform()
            .daemon().name("tollgate-listener-watchdog").unstarted(r));
    private volatile String problem;
    private boolean closed;
    private volatile InetSocketAddress target;
    /** Probes completed so far: lets a caller wait for the watchdog to have looked, instead of guessing a time. */
    private final java.util.concurrent.atomic.AtomicLong probes = new java.util.concurrent.atomic.AtomicLong();
    private volatile BooleanSupplier serverRunning;

    /**
     * Starts probing {@code host:port} (a wildcard host is probed on loopback). {@code serverRunning} false counts as lost
     * too, unless this watchdog was closed first (an orderly stop).
     */
    public void watch(String host, int port, BooleanSupplier serverRunning) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (IOException e) {
            address = InetAddress.getLoopbackAddress();
        }
        this.target = new InetSocketAddress(address.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : address, port);
        this.serverRunning = serverRunning;
        timer.scheduleWithFixedDelay(this::check, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Why the listener no longer accepts connections; null while it does (or before {@link #watch}). */
    public String problem() {
        return problem;
    }

    /** Runs {@code action} with the reason once, when the listener is found lost (on the watchdog's thread). */
    public void onLost(Consumer<String> action) {
        onLost.add(action);
    }

    /** How many probes have completed (each at most {@link #INTERVAL} apart). */
    public long probes() {
        return probes.get();
    }

    private void check() {
        String reason;
        // Probing and closing exclude each other, so an orderly stop is never taken for a lost listener.
        synchronized (this) {
            if (closed || problem != null) {
                return;
            }
            reason = probe();
            probes.incrementAndGet();
            if (reason == null) {
                return;
            }
            problem = reason;
        }
        // Outside the lock: an action may exit the JVM, whose shutdown hook closes this watchdog.
        LOG.severe(() -> "HTTP listener lost: " + reason);
        for (var action : onLost) {
            try {
                action.accept(reason);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "listener-lost action failed", e);
            }
        }
    }

    /** Why the listener is lost, or null when it accepts or the probe proves nothing. */
    private String probe() {
        if (!serverRunning.getAsBoolean()) {
            return "the web server stopped";
        }
        try (var probe = new Socket()) {
            probe.connect(target, PROBE_TIMEOUT_MILLIS);
            return null;
        } catch (ConnectException e) {
            return "nothing accepts connections on " + target.getHostString() + ":" + target.getPort() + " any more ("
                    + e.getMessage() + "); the listener ended, see the web server's error before this";
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "listener probe inconclusive", e);
            return null;
        }
    }

    /** Stops probing (the server is being stopped on purpose); never blocks, so an {@link #onLost} action may exit the JVM. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        timer.shutdownNow();
    }
}
