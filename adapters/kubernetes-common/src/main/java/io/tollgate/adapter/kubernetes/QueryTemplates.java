package io.tollgate.adapter.kubernetes;

import io.tollgate.adapter.AdapterSection;
import io.tollgate.adapter.CanaryQueries;
import io.tollgate.adapter.Side;
import io.tollgate.adapter.TrafficTarget;
import java.util.Locale;
import java.util.Optional;

/**
 * Canary metric selectors as templates (Flagger's MetricTemplates, reduced to raw counters): {@code {namespace}},
 * {@code {route}}, {@code {destination}} and, in the bucket template, {@code {le}} are replaced by the target's values,
 * escaped for use inside a PromQL string literal (the template supplies the quotes). A provider brings defaults for its
 * data plane; configuration ({@code metrics:} section) may replace any of them.
 *
 * @param requests      every request the destination served, e.g. {@code istio_requests_total{...,destination_workload="{destination}"}}
 * @param errors        the failed ones (a subset of {@code requests}' series)
 * @param latencyCount  the latency histogram's {@code _count} selector, or null when there is none
 * @param latencyBucket its {@code _bucket} selector with {@code le="{le}"}, or null
 * @param latencyUnit   the histogram's unit: seconds or milliseconds ({@code le} is written in it)
 * @param namespace     the value of {@code {namespace}}
 */
public record QueryTemplates(String requests, String errors, String latencyCount, String latencyBucket, String latencyUnit,
        String namespace) implements CanaryQueries {
    /** The keys of a {@code metrics:} section. */
    public static final String[] KEYS = {"requests", "errors", "latencyCount", "latencyBucket", "latencyUnit"};

    /**
     * Binds {@code section.metrics} over {@code defaults} (which may be null: no metrics unless configured). Checks that
     * requests and errors are both set, that each template names {@code {destination}} (else both sides would read the
     * same series), and that {@code {namespace}} has a value where a template uses it.
     */
    public static CanaryQueries bind(AdapterSection section, QueryTemplates defaults, String namespace) {
        AdapterSection m = section.section("metrics").only(KEYS);
        QueryTemplates d = defaults != null ? defaults : new QueryTemplates(null, null, null, null, "seconds", namespace);
        String requests = m.text("requests", d.requests);
        String errors = m.text("errors", d.errors);
        if (requests == null && errors == null) {
            return CanaryQueries.NONE;
        }
        if (requests == null || errors == null) {
            throw m.problem(requests == null ? "requests" : "errors", "required when "
                    + (requests == null ? "errors" : "requests") + " is set");
        }
        String unit = m.text("latencyUnit", d.latencyUnit);
        if (!unit.equals("seconds") && !unit.equals("milliseconds")) {
            throw m.problem("latencyUnit", "expected seconds or milliseconds, got \"" + unit + "\"");
        }
        var t = new QueryTemplates(requests, errors, m.text("latencyCount", d.latencyCount),
                m.text("latencyBucket", d.latencyBucket), unit, namespace);
        check(m, "requests", t.requests, namespace);
        check(m, "errors", t.errors, namespace);
        if ((t.latencyCount == null) != (t.latencyBucket == null)) {
            throw m.problem(t.latencyCount == null ? "latencyCount" : "latencyBucket", "latencyCount and latencyBucket go together");
        }
        if (t.latencyBucket != null) {
            check(m, "latencyCount", t.latencyCount, namespace);
            check(m, "latencyBucket", t.latencyBucket, namespace);
            if (!t.latencyBucket.contains("{le}")) {
                throw m.problem("latencyBucket", "must contain {le}");
            }
        }
        return t;
    }

    @Override
    public Optional<SideCounters> counters(TrafficTarget target, Side side) {
        return Optional.of(new SideCounters(fill(requests, target, side, null), fill(errors, target, side, null)));
    }

    @Override
    public Optional<BucketCounters> latency(TrafficTarget target, Side side, double seconds) {
        if (latencyBucket == null) {
            return Optional.empty();
        }
        double le = latencyUnit.equals("milliseconds") ? seconds * 1000 : seconds;
        return Optional.of(new BucketCounters(fill(latencyCount, target, side, null), fill(latencyBucket, target, side, le)));
    }

    private String fill(String template, TrafficTarget target, Side side, Double le) {
        String out = template.replace("{namespace}", escape(namespace == null ? "" : namespace))
                .replace("{route}", escape(target.route())).replace("{destination}", escape(target.destination(side)));
        return le == null ? out : out.replace("{le}", leText(le));
    }

    /** {@code le} as exporters write it: {@code 500}, {@code 0.5}, {@code 2.5}. */
    static String leText(double le) {
        return le == Math.rint(le) && Math.abs(le) < 1e15 ? Long.toString((long) le)
                : String.format(Locale.ROOT, "%s", le);
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static void check(AdapterSection m, String key, String template, String namespace) {
        if (!template.contains("{destination}")) {
            throw m.problem(key, "must contain {destination} (else stable and canary read the same series)");
        }
        if (template.contains("{namespace}") && namespace == null) {
            throw m.problem(key, "uses {namespace}, but the adapter has no namespace: set it");
        }
    }
}
