package io.tollgate.release;

import io.tollgate.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * The rules every stage list obeys, whether it comes inline with a release or from the strategies file:
 * percentages 0..100, traffic strictly increasing and flag never decreasing from stage to stage, a bake on every
 * stage but the last (at most {@link #MAX_BAKE}), distinct names. Problems name the field, relative to the list
 * ({@code stages[2].bake}).
 */
public final class StageRules {
    /** The longest bake of one stage, as for the analysis' durations: longer is a typo, and overflows the bake clock. */
    public static final Duration MAX_BAKE = Duration.ofHours(24);

    private StageRules() {
    }

    /** A problem with one field of a stage list. */
    public static final class StageProblem extends IllegalArgumentException {
        private final String field;

        public StageProblem(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** Parses raw stages ({@code name}, {@code trafficPercent}, {@code flagPercent}, {@code bake}). @throws StageProblem */
    public static List<ReleaseSpec.Stage> parse(List<Map<String, Object>> raw) {
        if (raw == null || raw.isEmpty()) {
            throw new StageProblem("stages", "must list at least one stage");
        }
        var stages = new ArrayList<ReleaseSpec.Stage>();
        var names = new HashSet<String>();
        for (int i = 0; i < raw.size(); i++) {
            var s = raw.get(i);
            String at = "stages[" + i + "]";
            for (String key : s.keySet()) {
                if (!List.of("name", "trafficPercent", "flagPercent", "bake").contains(key)) {
                    throw new StageProblem(at + "." + key, "unknown field; allowed: bake, flagPercent, name, trafficPercent");
                }
            }
            if (!(s.get("name") instanceof String name) || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
                throw new StageProblem(at + ".name", "must be a name of letters, digits, '.', '_' or '-'");
            }
            if (!names.add(name)) {
                throw new StageProblem(at + ".name", "stage \"" + name + "\" is listed twice");
            }
            int traffic = percent(s.get("trafficPercent"), at + ".trafficPercent");
            int flag = percent(s.get("flagPercent"), at + ".flagPercent");
            if (!stages.isEmpty()) {
                var prev = stages.getLast();
                if (traffic <= prev.trafficPercent()) {
                    throw new StageProblem(at + ".trafficPercent", "stages must increase: " + traffic + "% after "
                            + prev.trafficPercent() + "% in " + prev.name());
                }
                if (flag < prev.flagPercent()) {
                    throw new StageProblem(at + ".flagPercent", "stages must not decrease: " + flag + "% after "
                            + prev.flagPercent() + "% in " + prev.name());
                }
            }
            boolean last = i == raw.size() - 1;
            Object bake = s.get("bake");
            long bakeMillis = 0;
            if (bake == null) {
                if (!last) {
                    throw new StageProblem(at + ".bake", "every stage but the last needs a bake, e.g. \"5m\" or \"500ms\"");
                }
            } else {
                var d = bake instanceof String text ? Durations.parse(text) : null;
                if (d == null || d.isNegative() || (d.isZero() && !last)) {
                    throw new StageProblem(at + ".bake", "must be a positive duration like 500ms, 30s or 5m, got " + bake);
                }
                if (d.compareTo(MAX_BAKE) > 0) {
                    throw new StageProblem(at + ".bake", "must be at most 24h, got " + bake);
                }
                bakeMillis = d.toMillis();
            }
            stages.add(new ReleaseSpec.Stage(name, traffic, flag, bakeMillis));
        }
        return stages;
    }

    private static int percent(Object value, String field) {
        if (!(value instanceof Integer n) || n < 0 || n > 100) {
            throw new StageProblem(field, "must be an integer percentage 0..100, got " + value);
        }
        return n;
    }
}
