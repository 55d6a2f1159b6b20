package io.tollgate.server;

import java.lang.management.ManagementFactory;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How many TCP connections the listener serves at once. Every connection holds a file descriptor; when the process runs
 * out of them, Helidon's accept fails and its listener stops for good (ServerListener: "this server socket is terminating
 * now"). The cap keeps connections below the limit: connections past it wait in the kernel's accept backlog, which
 * costs the process no descriptor, until a served one ends.
 *
 * @param connections the cap handed to Helidon ({@code maxTcpConnections})
 * @param fdLimit     the process's file descriptor limit (soft {@code RLIMIT_NOFILE}), -1 when unknown
 * @param fdOpen      descriptors open when the cap was computed, -1 when unknown
 * @param derived     whether {@code connections} was derived (server.maxConnections 0) rather than configured
 */
public record ConnectionLimit(int connections, long fdLimit, long fdOpen, boolean derived) {
    /**
     * Descriptors kept for everything but client connections once the service runs: the database pool, the OPA, Prometheus,
     * Unleash and HAProxy clients, the OTLP exporter, policy replays and the files they read, the embedded PostgreSQL's
     * pipes. A few dozen in practice; four times that leaves room for bursts.
     */
    public static final int RESERVE = 128;
    /** The smallest derived cap: below it the service could not be used at all. */
    public static final int FLOOR = 16;
    /** Used when the JVM cannot tell the descriptor limit (not a Unix). */
    public static final int UNKNOWN_LIMIT_DEFAULT = 1000;
    private static final Logger LOG = Logger.getLogger(ConnectionLimit.class.getName());

    /** The cap for {@code configured} (server.maxConnections; 0 derives it) with this process's descriptors as they are now. */
    public static ConnectionLimit resolve(int configured) {
        long limit = -1;
        long open = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            limit = unix.getMaxFileDescriptorCount();
            open = unix.getOpenFileDescriptorCount();
        }
        var result = of(configured, limit, open);
        result.warnIfTight();
        return result;
    }

    /** The cap for {@code configured} given the descriptor limit and the count open now (-1 each when unknown). */
    public static ConnectionLimit of(int configured, long fdLimit, long fdOpen) {
        if (configured > 0) {
            return new ConnectionLimit(configured, fdLimit, fdOpen, false);
        }
        if (fdLimit < 0 || fdOpen < 0) {
            return new ConnectionLimit(UNKNOWN_LIMIT_DEFAULT, fdLimit, fdOpen, true);
        }
        long free = fdLimit - fdOpen - RESERVE;
        return new ConnectionLimit((int) Math.max(FLOOR, Math.min(free, Integer.MAX_VALUE)), fdLimit, fdOpen, true);
    }

    /** Descriptors left for everything else once every connection is open; negative when the cap exceeds what is free. */
    public long headroom() {
        return fdLimit < 0 || fdOpen < 0 ? Long.MAX_VALUE : fdLimit - fdOpen - connections;
    }

    private void warnIfTight() {
        if (headroom() < RESERVE) {
            LOG.log(Level.WARNING, () -> "server.maxConnections " + connections + (derived ? " (derived)" : "")
                    + " leaves " + headroom() + " file descriptors for everything else (limit " + fdLimit + ", " + fdOpen
                    + " open); with every connection open the process can run out of them, and if accepting fails the"
                    + " process exits with code 4. Raise the limit (ulimit -n, LimitNOFILE=) or lower server.maxConnections");
        } else {
            LOG.info(() -> "serving at most " + connections + " connections at once (" + (derived ? "derived from" : "configured;")
                    + " file descriptor limit " + fdLimit + ", " + fdOpen + " open)");
        }
    }
}
