package io.tollgate.adapter.kubernetes;

import io.tollgate.adapter.AdapterSection;
import java.time.Duration;

/**
 * The keys both Kubernetes traffic adapters use to make a release wait for a controller after a change (the Gateway's
 * acceptance of an HTTPRoute, istiod's Reconciled status of a VirtualService): a switch and the timeout it enables.
 */
public final class ReconcileWait {
    /** A controller usually catches up within a second or two; this leaves room for a busy one. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private ReconcileWait() {
    }

    /**
     * The timeout at {@code timeoutKey} (100ms..10m, default {@link #DEFAULT_TIMEOUT}).
     *
     * @throws io.tollgate.adapter.AdapterConfigException naming {@code timeoutKey} when it is set but {@code switchKey} is off
     */
    public static Duration timeout(AdapterSection section, String switchKey, boolean on, String timeoutKey) {
        if (!on && section.has(timeoutKey)) {
            throw section.problem(timeoutKey, "only with " + switchKey + ": true (nothing is waited for without it)");
        }
        return section.duration(timeoutKey, DEFAULT_TIMEOUT, Duration.ofMillis(100), Duration.ofMinutes(10));
    }
}
