package io.tollgate.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A recorded month, relative to {@code now}, with its expected metrics worked out by hand (docs/delivery-metrics.md
 * walks through the same numbers). checkout in production over 30 days:
 * <pre>
 *  r1  committed -100h, created -99h, applied -98h, promoted -96h              lead 4h
 *  r2  committed -88h,  created -80h, applied -79h, promoted -78h              lead 10h; r3 (emergency) follows in 8h: failed
 *  r3  emergency, committed -71h, created -70h, applied -70h, promoted -69h    lead 2h; recovers r2 after 9h
 *  r4  no commit time, created -50h, applied -49h, rolled back -48h, restored -47.5h    failed, recovered in 1.5h
 *  r5  committed -30h, created -26h, applied -25h, promoted -24h, rolled back -12h, restored -11h   lead 6h; failed, 13h
 *  r6  created -10h, aborted -9h before any stage: no deployment
 *  r7  dry run promoted -5h: ignored
 *  r8  no commit time, created -6h, applied -5.5h, promoted -5h
 *  r0  promoted 800h ago: outside the window
 * </pre>
 * Promoted 5 (r1 r2 r3 r5 r8), 5/30 a day; lead times 2 4 6 10 h: median 5h, p90 8.8h, r8 without commit time.
 * Deployments 6 (the five and r4), failed 3 (r2 r4 r5): 0.5. Recovery 1.5 9 13 h: median 9h, p90 12.2h. Rework 1/5.
 * search in production: two promotions with lead times 2h and 3h (median 2.5h, p90 2.9h), no failure.
 */
final class DeliveryScenario {
    UUID r1, r2, r3, r4, r5, r6, r7, r8, r0, s1, s2;

    static DeliveryScenario record(RecordedHistory h, Instant now) {
        var s = new DeliveryScenario();
        s.r0 = h.release("checkout", "production").committedAt(at(now, 802)).created(at(now, 801)).applied(at(now, 800.5))
                .promoted(at(now, 800)).insert();
        s.r1 = h.release("checkout", "production").committedAt(at(now, 100)).created(at(now, 99)).applied(at(now, 98))
                .promoted(at(now, 96)).insert();
        s.r2 = h.release("checkout", "production").committedAt(at(now, 88)).created(at(now, 80)).applied(at(now, 79))
                .promoted(at(now, 78)).insert();
        s.r3 = h.release("checkout", "production").labels("emergency").committedAt(at(now, 71)).created(at(now, 70))
                .applied(at(now, 70)).promoted(at(now, 69)).insert();
        s.r4 = h.release("checkout", "production").created(at(now, 50)).applied(at(now, 49)).rolledBack(at(now, 48))
                .restored(at(now, 47.5)).insert();
        s.r5 = h.release("checkout", "production").committedAt(at(now, 30)).created(at(now, 26)).applied(at(now, 25))
                .promoted(at(now, 24)).rolledBack(at(now, 12)).restored(at(now, 11)).insert();
        s.r6 = h.release("checkout", "production").created(at(now, 10)).aborted(at(now, 9)).insert();
        s.r7 = h.release("checkout", "production").dryRun().committedAt(at(now, 8)).created(at(now, 7)).promoted(at(now, 5))
                .insert();
        s.r8 = h.release("checkout", "production").created(at(now, 6)).applied(at(now, 5.5)).promoted(at(now, 5)).insert();
        s.s1 = h.release("search", "production").committedAt(at(now, 10)).created(at(now, 9)).applied(at(now, 8.5))
                .promoted(at(now, 8)).insert();
        s.s2 = h.release("search", "production").committedAt(at(now, 5)).created(at(now, 4)).applied(at(now, 3))
                .promoted(at(now, 2)).insert();
        return s;
    }

    static Instant at(Instant now, double hoursAgo) {
        return now.minus(Duration.ofMillis(Math.round(hoursAgo * 3_600_000)));
    }

    static Duration hours(double h) {
        return Duration.ofMillis(Math.round(h * 3_600_000));
    }
}
