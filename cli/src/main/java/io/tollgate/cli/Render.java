package io.tollgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Locale;

/** Text renderings shared by commands: a decision with its reasons in one block, releases, tables. */
final class Render {
    private Render() {
    }

    /**
     * A decision as people read it in a CI log:
     * <pre>
     * DENY  checkout 1.4.2 → production/canary-5
     *   approval_missing   production needs an approval from someone other than the author
     * decision 0b7c…  policy sha256:…  embedded  2026-11-24T10:00:00Z
     * </pre>
     */
    static void decision(PrintWriter out, JsonNode d) {
        out.printf("%-5s %s %s → %s/%s%s%n", d.path("outcome").asText("?").toUpperCase(Locale.ROOT), d.path("service").asText(),
                d.path("version").asText(), d.path("environment").asText(), d.path("stage").asText(),
                d.path("dryRun").asBoolean(false) ? "  (dry run)" : "");
        reasons(out, d.path("reasons"), "  ");
        out.printf("decision %s  policy %s  %s  %s%n", d.path("decisionId").asText(), d.path("policyRevision").asText(),
                d.path("policyEngine").asText(), d.path("evaluatedAt").asText());
    }

    /** One line per reason, codes aligned: {@code <indent>code  message}. */
    static void reasons(PrintWriter out, JsonNode reasons, String indent) {
        int width = 0;
        for (JsonNode r : reasons) {
            width = Math.max(width, r.path("code").asText().length());
        }
        for (JsonNode r : reasons) {
            out.printf("%s%-" + Math.max(1, width) + "s  %s%n", indent, r.path("code").asText(), Api.oneLine(r.path("message").asText("")));
        }
    }

    /** The reason codes, comma separated: {@code sli_unavailable, approval_missing}. */
    static String codes(JsonNode reasons) {
        var sb = new StringBuilder();
        for (JsonNode r : reasons) {
            sb.append(sb.isEmpty() ? "" : ", ").append(r.path("code").asText());
        }
        return sb.toString();
    }

    /** A release: state, stage, what was set and seen, why it is where it is. */
    static void release(PrintWriter out, JsonNode r) {
        out.printf("release %s  %s %s → %s%s%n", r.path("id").asText(), r.path("service").asText(), r.path("version").asText(),
                r.path("environment").asText(), r.path("dryRun").asBoolean(false) ? "  (dry run)" : "");
        out.printf("  state    %s (for %s)%n", r.path("state").asText(),
                Durations.format(java.time.Duration.ofMillis(r.path("timeInStateMillis").asLong())));
        out.printf("  stage    %s (applied: %s)%n", r.path("stage").asText(), r.path("appliedStage").isNull() ? "none" : r.path("appliedStage").asText());
        out.printf("  flag     %s%% desired, %s observed%n", r.path("flag").path("desiredPercent").asText(),
                r.path("flag").path("observedPercent").asText());
        out.printf("  traffic  %s desired canary weight, %s observed%n", r.path("traffic").path("desiredCanaryWeight").asText(),
                r.path("traffic").path("observedCanaryWeight").asText());
        if (r.hasNonNull("bakeUntil")) {
            out.printf("  bake     until %s%n", r.path("bakeUntil").asText());
        }
        if (r.hasNonNull("reason")) {
            out.printf("  reason   %s: %s%n", r.path("reason").path("code").asText(), Api.oneLine(r.path("reason").path("message").asText()));
        }
    }

    /** The history lines of a release detail, one per line. */
    static void history(PrintWriter out, JsonNode history) {
        for (JsonNode h : history) {
            var extra = new StringBuilder();
            h.fieldNames().forEachRemaining(f -> {
                if (!java.util.Set.of("seq", "at", "kind", "actor", "event").contains(f)) {
                    JsonNode v = h.get(f);
                    extra.append(' ').append(f).append('=').append(v.isValueNode() ? v.asText() : v.toString());
                }
            });
            out.printf("  %4d %s %-10s %-28s %s%s%n", h.path("seq").asLong(), h.path("at").asText(), h.path("kind").asText(),
                    h.path("event").asText(), h.path("actor").asText(), extra);
        }
    }
}
