package io.tollgate.adapter;

import java.util.Optional;

/**
 * The canary metrics of one traffic adapter instance (Flagger's per-provider observers, as templates): PromQL
 * instant-vector selectors of raw counters, with the target's names filled in and no functions applied. The core takes
 * the deltas itself: per series for canary analysis (so a counter reset of one instance is seen), and
 * {@code sum(increase(<selector>[<window>]))} for a bake's gross-failure check. A selector may match many series
 * (status classes, instances, pods): a side's count is the sum over all of them. Label values must be escaped with
 * {@link PromQl#quote}.
 */
public interface CanaryQueries {

    /** An adapter without metrics of its own. */
    CanaryQueries NONE = (target, side) -> Optional.empty();

    /**
     * Requests and errors of {@code side} of {@code target}, e.g. for HAProxy
     * {@code haproxy_server_http_responses_total{proxy="checkout",server="v150"}} and the same with {@code code="5xx"}.
     * Empty when this adapter reports none.
     */
    Optional<SideCounters> counters(TrafficTarget target, Side side);

    /**
     * The latency histogram of {@code side}: every measured request, and those not slower than {@code seconds} (the
     * cumulative bucket whose boundary is {@code seconds}, converted to the exporter's unit and spelling). Empty when
     * the data plane exports no histogram or no bucket at that boundary; the analysis then needs the application's own
     * histogram.
     */
    default Optional<BucketCounters> latency(TrafficTarget target, Side side, double seconds) {
        return Optional.empty();
    }

    /**
     * @param requests selector of every request the side served
     * @param errors   selector of the failed ones (5xx); its series must be a subset of {@code requests}'
     */
    record SideCounters(String requests, String errors) {
        public SideCounters {
            PromQl.requireSelector(requests, "requests");
            PromQl.requireSelector(errors, "errors");
        }
    }

    /**
     * @param count     selector of every request measured (the histogram's {@code _count})
     * @param notSlower selector of the requests not slower than the boundary (its {@code _bucket{le=...}})
     */
    record BucketCounters(String count, String notSlower) {
        public BucketCounters {
            PromQl.requireSelector(count, "count");
            PromQl.requireSelector(notSlower, "notSlower");
        }
    }
}
