package io.tollgate.testsupport;

/**
 * The two versions of one service behind HAProxy: {@code stable} (e.g. {@code v149}) and {@code canary}
 * (e.g. {@code v150}). Closing the pair stops both.
 */
public record BackendPair(Backend stable, Backend canary) implements AutoCloseable {

    /** Starts {@code v149} (stable) and {@code v150} (canary). */
    public static BackendPair start() {
        return start("v149", "v150");
    }

    /** Starts two backends named {@code stableVersion} and {@code canaryVersion}. */
    public static BackendPair start(String stableVersion, String canaryVersion) {
        var stable = Backend.start(stableVersion);
        try {
            return new BackendPair(stable, Backend.start(canaryVersion));
        } catch (RuntimeException e) {
            stable.close();
            throw e;
        }
    }

    /** Requests answered by both so far. */
    public long requests() {
        return stable.requests() + canary.requests();
    }

    @Override
    public void close() {
        stable.close();
        canary.close();
    }
}
