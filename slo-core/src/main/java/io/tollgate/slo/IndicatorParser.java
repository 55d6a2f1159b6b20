package io.tollgate.slo;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.slo.Definitions.Indicator;
import io.tollgate.slo.Definitions.MetricSource;
import java.util.Set;
import java.util.regex.Pattern;

/** Parses an SLI spec ({@code ratioMetric}) — of an SLI document or of an SLO's inline indicator. */
final class IndicatorParser {

    /** A PromQL instant-vector selector: Tollgate wraps it in rate(...[w]), which takes nothing else. */
    private static final Pattern SELECTOR =
            Pattern.compile("\\s*([a-zA-Z_:][a-zA-Z0-9_:]*\\s*(\\{[^{}]*\\})?|\\{[^{}]*\\})\\s*");

    private IndicatorParser() {
    }

    /** Parses {@code spec} (at {@code path}); null when it does not describe a supported ratio SLI. */
    static Indicator parse(Doc doc, JsonNode spec, String path) {
        if (spec == null) {
            return null;
        }
        doc.onlyFields(spec, path, Set.of("description", "ratioMetric", "thresholdMetric"));
        if (spec.has("thresholdMetric")) {
            doc.problem(Doc.join(path, "thresholdMetric"), "thresholdMetric SLIs are not supported; "
                    + "Tollgate needs a ratioMetric (good/total or bad/total)");
            return null;
        }
        var ratioPath = Doc.join(path, "ratioMetric");
        var ratio = doc.object(spec, "ratioMetric", path, true);
        if (ratio == null) {
            return null;
        }
        if (ratio.has("raw") || ratio.has("rawType")) {
            doc.problem(Doc.join(ratioPath, ratio.has("raw") ? "raw" : "rawType"),
                    "raw ratio metrics are not supported; give good/total or bad/total");
            return null;
        }
        doc.onlyFields(ratio, ratioPath, Set.of("counter", "good", "bad", "total"));
        var counter = doc.bool(ratio, "counter", ratioPath, true);
        RatioIndicator.Kind kind = null;
        String numeratorField = null;
        if (ratio.has("good") && ratio.has("bad")) {
            doc.problem(ratioPath, "give either good or bad, not both");
        } else if (ratio.has("good")) {
            kind = RatioIndicator.Kind.GOOD_OVER_TOTAL;
            numeratorField = "good";
        } else if (ratio.has("bad")) {
            kind = RatioIndicator.Kind.BAD_OVER_TOTAL;
            numeratorField = "bad";
        } else {
            doc.problem(Doc.join(ratioPath, "good"), "required (or bad), together with total");
        }
        var numerator = numeratorField == null ? null : metricSource(doc, ratio, numeratorField, ratioPath);
        var total = metricSource(doc, ratio, "total", ratioPath);
        if (kind == null || numerator == null || total == null || counter == null) {
            return null;
        }
        return new Indicator(kind, numerator, total, counter);
    }

    private static MetricSource metricSource(Doc doc, JsonNode ratio, String field, String ratioPath) {
        var path = Doc.join(ratioPath, field);
        var wrapper = doc.object(ratio, field, ratioPath, true);
        if (wrapper == null) {
            return null;
        }
        doc.onlyFields(wrapper, path, Set.of("metricSource"));
        var msPath = Doc.join(path, "metricSource");
        var ms = doc.object(wrapper, "metricSource", path, true);
        if (ms == null) {
            return null;
        }
        doc.onlyFields(ms, msPath, Set.of("metricSourceRef", "type", "spec"));
        var ref = doc.text(ms, "metricSourceRef", msPath, false);
        var type = doc.text(ms, "type", msPath, false);
        var ok = true;
        if (type != null && !type.equals("Prometheus")) {
            doc.problem(Doc.join(msPath, "type"),
                    "unsupported metric source type '" + type + "'; only Prometheus is supported");
            ok = false;
        } else if (ref == null && type == null) {
            doc.problem(msPath, "needs metricSourceRef (a DataSource of type Prometheus) or type: Prometheus");
            ok = false;
        }
        var specPath = Doc.join(msPath, "spec");
        var spec = doc.object(ms, "spec", msPath, true);
        doc.onlyFields(spec, specPath, Set.of("query"));
        var query = doc.text(spec, "query", specPath, spec != null);
        if (query != null && !SELECTOR.matcher(query).matches()) {
            doc.problem(Doc.join(specPath, "query"), "must be a metric selector such as "
                    + "http_requests_total{code!~\"5..\"} (Tollgate wraps it in rate(...[window])), got '"
                    + query.strip() + "'");
            ok = false;
        }
        return ok && query != null ? new MetricSource(ref, type, query.strip(), doc, msPath) : null;
    }
}
