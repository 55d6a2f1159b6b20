package io.tollgate.adapter;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Optional ability of a {@link TrafficRouter} whose changes take effect only once another controller reconciles them,
 * e.g. a gateway controller accepting an HTTPRoute's new generation. Right after an {@code apply} or {@code reset} its
 * {@code observe} may answer {@link Observation.Pending} for a while; the release keeps observing ({@link #await}) for
 * up to {@link #reconcileTimeout()} instead of halting on the first look. Routers without it are read back once.
 */
public interface Reconciling {

    /** How long after a change the release waits for it to be reconciled before it halts; zero: it reads back once. */
    Duration reconcileTimeout();

    /**
     * Observes until the answer is not {@link Observation.Pending} or {@code within} has passed, pausing 100 ms, then
     * doubling up to 1 s, between looks. A Pending at the deadline (or on interrupt) becomes {@link Observation.CannotVerify}
     * saying how long it waited and what was last seen, so a change never reconciled is never taken as verified.
     */
    static Observation await(Supplier<Observation> observe, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        long pauseMillis = 100;
        var seen = observe.get();
        while (seen instanceof Observation.Pending && System.nanoTime() < deadline) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            try {
                Thread.sleep(Math.min(pauseMillis, left)); // polling the remote system, bounded by the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Observation.CannotVerify("interrupted while waiting for reconciliation: "
                        + ((Observation.Pending) seen).reason());
            }
            pauseMillis = Math.min(pauseMillis * 2, 1000);
            seen = observe.get();
        }
        return seen instanceof Observation.Pending p
                ? new Observation.CannotVerify("not reconciled within " + within.toMillis() + " ms: " + p.reason())
                : seen;
    }
}
