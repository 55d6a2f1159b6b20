package io.tollgate.release;

import io.tollgate.adapter.AdapterResult;
import io.tollgate.adapter.Observation;
import io.tollgate.adapter.Reconciling;
import io.tollgate.adapter.TrafficRouter;
import io.tollgate.adapter.TrafficTarget;
import java.time.Duration;

/**
 * A {@link FakeTrafficRouter} behind a controller that takes its time, as a gateway controller accepting an HTTPRoute's
 * new generation does: after each apply or reset, {@code observe} answers Pending until {@code acceptAfter} has passed
 * (never, when null), or CannotVerify with the controller's verdict when {@code rejected} is set.
 */
final class ReconcilingTrafficRouter implements TrafficRouter, Reconciling {
    static final String TYPE = "reconciling-traffic";

    final FakeTrafficRouter written = new FakeTrafficRouter();
    private final Duration timeout;
    private final Duration acceptAfter;
    private final String rejected;
    private volatile long changedNanos;
    private volatile int generation = 1;
    private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();

    ReconcilingTrafficRouter(Duration timeout, Duration acceptAfter, String rejected) {
        this.timeout = timeout;
        this.acceptAfter = acceptAfter;
        this.rejected = rejected;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public AdapterResult apply(TrafficTarget target, int canaryPercent) {
        return changed(written.apply(target, canaryPercent));
    }

    @Override
    public AdapterResult reset(TrafficTarget target) {
        return changed(written.reset(target));
    }

    @Override
    public Observation observe(TrafficTarget target) {
        var seen = written.observe(target);
        if (!(seen instanceof Observation.Observed o)) {
            return seen;
        }
        if (rejected != null) {
            return new Observation.CannotVerify(o.percent() + "% written, but the controller rejected generation " + generation
                    + ": " + rejected);
        }
        if (acceptAfter == null || System.nanoTime() - changedNanos < acceptAfter.toNanos()) {
            pending.incrementAndGet();
            return new Observation.Pending(o.percent() + "% written, generation " + generation + " not reconciled yet");
        }
        return new Observation.Observed(o.percent(), "accepted at generation " + generation);
    }

    /** How many times observe answered Pending. */
    int pendingAnswers() {
        return pending.get();
    }

    @Override
    public Duration reconcileTimeout() {
        return timeout;
    }

    private AdapterResult changed(AdapterResult result) {
        generation++;
        changedNanos = System.nanoTime();
        return result;
    }
}
