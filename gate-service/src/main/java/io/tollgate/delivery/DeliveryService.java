package io.tollgate.delivery;

import java.time.Clock;
import java.util.List;

/** The delivery metrics over a window ending now: the store's records through the calculator. */
public final class DeliveryService {
    private final DeliveryStore store;
    private final Clock clock;

    public DeliveryService(DeliveryStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * One result per service and environment with releases in the window; null filters match all. With both filters
     * given the answer always has that one entry, with zero counts and no times when nothing happened.
     */
    public List<DeliveryMetrics> metrics(String service, String environment, DeliveryWindow window) {
        var to = clock.instant();
        var from = to.minus(window.duration());
        var records = store.records(service, environment, from, to);
        if (service != null && environment != null) {
            return List.of(DeliveryCalculator.compute(service, environment, records, from, to));
        }
        return DeliveryCalculator.computeAll(records, from, to);
    }
}
