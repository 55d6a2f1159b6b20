package io.tollgate.release;

import io.tollgate.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses a strategy's {@code analysis} block, inline with a release or from the strategies file, into an
 * {@link AnalysisSpec}. Problems name the field relative to the strategy ({@code analysis.alpha},
 * {@code analysis.latency.bucketsSeconds[1]}), as {@link StageRules.StageProblem}s.
 */
public final class AnalysisRules {
    private static final Set<String> FIELDS = Set.of("interval", "alpha", "maxRatio", "r0", "warmup", "maxExtension", "latency");
    private static final Set<String> LATENCY_FIELDS = Set.of("histogram", "selector", "versionLabel", "baselineVersion",
            "canaryVersion", "bucketsSeconds");
    private static final String PROM_NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final String LABEL_NAME = "[a-zA-Z_][a-zA-Z0-9_]*";
    /** Label matchers the query templates can embed safely: name op "value" pairs, comma-separated, no braces. */
    private static final String SELECTOR = "(" + LABEL_NAME + "\\s*(=|!=|=~|!~)\\s*\"([^\"\\\\{}]|\\\\.)*\"\\s*,?\\s*)*";

    private AnalysisRules() {
    }

    /** @param raw the block as parsed JSON/YAML (null: no analysis) @throws StageRules.StageProblem naming the field */
    public static AnalysisSpec parse(Object raw) {
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof Map<?, ?> m)) {
            throw new StageRules.StageProblem("analysis", "must be an object, e.g. {\"alpha\": 0.01}");
        }
        known(m, FIELDS, "analysis");
        var d = AnalysisSpec.defaults();
        long interval = duration(m.get("interval"), "analysis.interval", d.intervalMillis(), Duration.ofMillis(100));
        double alpha = number(m.get("alpha"), "analysis.alpha", d.alpha());
        if (!(alpha > 0 && alpha <= 0.5)) {
            throw new StageRules.StageProblem("analysis.alpha", "must be a number in (0, 0.5], got " + alpha);
        }
        double r0 = number(m.get("r0"), "analysis.r0", d.r0());
        if (!(r0 >= 1 && r0 <= 10)) {
            throw new StageRules.StageProblem("analysis.r0", "must be a number in [1, 10] (1: canary no worse than baseline), got " + r0);
        }
        double maxRatio = number(m.get("maxRatio"), "analysis.maxRatio", d.maxRatio());
        if (!(maxRatio > r0 && maxRatio <= 100)) {
            throw new StageRules.StageProblem("analysis.maxRatio", "must be a number above r0 (" + r0 + ") and at most 100, got " + maxRatio);
        }
        Long warmup = m.get("warmup") == null ? null : duration(m.get("warmup"), "analysis.warmup", 0, Duration.ZERO);
        Long extension = m.get("maxExtension") == null ? null : duration(m.get("maxExtension"), "analysis.maxExtension", 0, Duration.ZERO);
        return new AnalysisSpec(interval, alpha, maxRatio, r0, warmup, extension, latency(m.get("latency")));
    }

    private static AnalysisSpec.Latency latency(Object raw) {
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof Map<?, ?> m)) {
            throw new StageRules.StageProblem("analysis.latency", "must be an object with histogram, versionLabel, baselineVersion, bucketsSeconds");
        }
        known(m, LATENCY_FIELDS, "analysis.latency");
        // Without histogram the traffic adapter's own latency histogram is read: the application's labels do not apply.
        boolean own = m.get("histogram") != null;
        for (String field : List.of("selector", "versionLabel", "baselineVersion", "canaryVersion")) {
            if (!own && m.get(field) != null) {
                throw new StageRules.StageProblem("analysis.latency." + field,
                        "only with analysis.latency.histogram (without it the traffic adapter's histogram is read)");
            }
        }
        String histogram = text(m.get("histogram"), "analysis.latency.histogram", PROM_NAME, "a Prometheus metric name", false);
        String selector = text(m.get("selector"), "analysis.latency.selector", SELECTOR,
                "label matchers without braces, e.g. service=\"checkout\"", false);
        String label = text(m.get("versionLabel"), "analysis.latency.versionLabel", LABEL_NAME, "a Prometheus label name", own);
        String baseline = text(m.get("baselineVersion"), "analysis.latency.baselineVersion", "[^\"\\\\{}\\n]{1,100}", "a version", own);
        String canary = text(m.get("canaryVersion"), "analysis.latency.canaryVersion", "[^\"\\\\{}\\n]{1,100}", "a version", false);
        if (!(m.get("bucketsSeconds") instanceof List<?> list) || list.isEmpty() || list.size() > 5) {
            throw new StageRules.StageProblem("analysis.latency.bucketsSeconds", "must list 1 to 5 histogram bucket boundaries in seconds");
        }
        var buckets = new ArrayList<String>();
        for (int i = 0; i < list.size(); i++) {
            Object b = list.get(i);
            String le = b instanceof String s ? s.strip() : b instanceof Number n ? Double.toString(n.doubleValue()) : null;
            double seconds;
            try {
                seconds = le == null ? Double.NaN : Double.parseDouble(le);
            } catch (NumberFormatException e) {
                seconds = Double.NaN;
            }
            if (!(seconds > 0 && Double.isFinite(seconds)) || buckets.contains(le)) {
                throw new StageRules.StageProblem("analysis.latency.bucketsSeconds[" + i + "]",
                        "must be a distinct positive bucket boundary in seconds (written like the le label, e.g. \"0.5\"), got " + b);
            }
            buckets.add(le);
        }
        return new AnalysisSpec.Latency(histogram, selector == null ? "" : selector, label, baseline, canary, buckets);
    }

    private static long duration(Object value, String field, long fallback, Duration min) {
        if (value == null) {
            return fallback;
        }
        var d = value instanceof String s ? Durations.parse(s) : null;
        if (d == null || d.compareTo(min) < 0 || d.compareTo(Duration.ofHours(24)) > 0) {
            throw new StageRules.StageProblem(field, "must be a duration like 5s or 2m, at least " + Durations.format(min)
                    + " and at most 24h, got " + value);
        }
        return d.toMillis();
    }

    private static double number(Object value, String field, double fallback) {
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new StageRules.StageProblem(field, "must be a number, got " + value);
        }
        return n.doubleValue();
    }

    private static String text(Object value, String field, String pattern, String expected, boolean required) {
        if (value == null) {
            if (required) {
                throw new StageRules.StageProblem(field, "required: " + expected);
            }
            return null;
        }
        if (!(value instanceof String s) || !s.matches(pattern)) {
            throw new StageRules.StageProblem(field, "must be " + expected + ", got " + value);
        }
        return s;
    }

    private static void known(Map<?, ?> m, Set<String> fields, String at) {
        for (Object key : m.keySet()) {
            if (!fields.contains(String.valueOf(key))) {
                throw new StageRules.StageProblem(at + "." + key, "unknown field; allowed: "
                        + String.join(", ", fields.stream().sorted().toList()));
            }
        }
    }
}
