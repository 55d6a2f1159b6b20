package io.tollgate.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Real time, shifted: starts at a chosen instant and ticks with the system clock, so a server under test sees time
 * pass (as real controllers calling it do) on a date the test chose (outside freeze windows); {@link #advance}
 * jumps forward. {@link #toReal} maps an instant it gave back to the system clock's time. Thread-safe.
 */
public final class ShiftedClock extends Clock {
    private volatile Duration offset;

    public ShiftedClock(Instant start) {
        this.offset = Duration.between(Instant.now(), start);
    }

    public void advance(Duration by) {
        offset = offset.plus(by);
    }

    /** The system clock's time at which this clock read {@code shifted} (valid while no {@link #advance} came between). */
    public Instant toReal(Instant shifted) {
        return shifted.minus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }
}
