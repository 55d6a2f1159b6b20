package io.tollgate.adapter.haproxy;

import static io.tollgate.adapter.PromQl.quote;

import io.tollgate.adapter.CanaryQueries;
import io.tollgate.adapter.Side;
import io.tollgate.adapter.TrafficTarget;
import java.util.Optional;

/**
 * The canary's numbers from HAProxy's built-in Prometheus exporter: {@code haproxy_server_http_responses_total} counts
 * responses per backend ({@code proxy}, the target's route), server ({@code server}, stable or canary) and status class
 * ({@code code}); every class is a request, {@code 5xx} an error. HAProxy exports no per-server latency histogram, so
 * latency analysis needs the application's own.
 */
enum HaproxyQueries implements CanaryQueries {
    EXPORTER;

    static final String RESPONSES = "haproxy_server_http_responses_total";

    @Override
    public Optional<SideCounters> counters(TrafficTarget target, Side side) {
        String selector = RESPONSES + "{proxy=" + quote(target.route()) + ",server=" + quote(target.destination(side));
        return Optional.of(new SideCounters(selector + "}", selector + ",code=\"5xx\"}"));
    }
}
