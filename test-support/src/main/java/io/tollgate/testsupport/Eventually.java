package io.tollgate.testsupport;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes: waits on conditions, never on fixed sleeps. */
public final class Eventually {
    private Eventually() {
    }

    /** Returns the first value satisfying {@code done}; fails with the last value seen after {@code deadline}. */
    public static <T> T await(String what, Duration deadline, Supplier<T> probe, Predicate<T> done) {
        return await(what, deadline, Duration.ofMillis(250), probe, done);
    }

    /**
     * As {@link #await(String, Duration, Supplier, Predicate)}, asking every {@code poll}: a short one where the test
     * measures when the condition started to hold (the time after this returns is then at most {@code poll} late).
     */
    public static <T> T await(String what, Duration deadline, Duration poll, Supplier<T> probe, Predicate<T> done) {
        long end = System.nanoTime() + deadline.toNanos();
        T last = null;
        while (System.nanoTime() < end) {
            last = probe.get();
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("timed out after " + deadline.toSeconds() + " s waiting for " + what + "; last: " + last);
    }
}
