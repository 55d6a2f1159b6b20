package io.tollgate.adapter.unleash;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A flag in one environment as the Admin API reports it ({@code GET …/features/F/environments/E}), split
 * into the strategy Tollgate owns and everybody else's.
 *
 * <p>Tollgate owns a strategy when it is a {@code flexibleRollout} titled {@link #OWNER_TITLE}; it is
 * <em>clean</em> when it is exactly what {@code apply} writes (not disabled, no constraints, no segments,
 * stickiness {@code default}, groupId = the flag's name, an integer rollout 0..100), so that its rollout
 * is the share of users the flag serves.
 */
record FlagState(String feature, boolean enabled, List<Strategy> ours, List<Strategy> foreign) {
    /** The title marking the strategy Tollgate created and may change. */
    static final String OWNER_TITLE = "tollgate";
    static final String FLEXIBLE_ROLLOUT = "flexibleRollout";

    /** One strategy of the flag in the environment. */
    record Strategy(String id, String name, String title, boolean disabled, int constraints, int segments,
                    Map<String, String> parameters) {
        /** The rollout percentage when the strategy is clean for {@code feature}, else -1. */
        int cleanRollout(String feature) {
            if (disabled || constraints > 0 || segments > 0
                    || !"default".equals(parameters.get("stickiness"))
                    || !feature.equals(parameters.get("groupId"))) {
                return -1;
            }
            String rollout = parameters.getOrDefault("rollout", "");
            if (!rollout.matches("\\d{1,3}")) {
                return -1;
            }
            int percent = Integer.parseInt(rollout);
            return percent <= 100 ? percent : -1;
        }

        String describe() {
            return name + (title.isEmpty() ? "" : " '" + title + "'") + " (id " + id + ", parameters " + parameters
                    + (constraints > 0 ? ", " + constraints + " constraint(s)" : "")
                    + (segments > 0 ? ", " + segments + " segment(s)" : "")
                    + (disabled ? ", disabled" : "") + ")";
        }
    }

    static FlagState parse(String feature, JsonNode environment) {
        var ours = new ArrayList<Strategy>();
        var foreign = new ArrayList<Strategy>();
        for (JsonNode s : environment.path("strategies")) {
            var parameters = new LinkedHashMap<String, String>();
            s.path("parameters").properties().forEach(e -> parameters.put(e.getKey(), e.getValue().asText()));
            var strategy = new Strategy(s.path("id").asText(), s.path("name").asText(), s.path("title").asText(""),
                    s.path("disabled").asBoolean(false), s.path("constraints").size(), s.path("segments").size(),
                    Map.copyOf(parameters));
            boolean owned = FLEXIBLE_ROLLOUT.equals(strategy.name()) && OWNER_TITLE.equals(strategy.title());
            (owned ? ours : foreign).add(strategy);
        }
        return new FlagState(feature, environment.path("enabled").asBoolean(false), List.copyOf(ours), List.copyOf(foreign));
    }

    /** The foreign strategies, for a NotSupported or CannotVerify detail. */
    String describeForeign() {
        return foreign.stream().map(Strategy::describe).toList().toString();
    }

    /** The body {@code apply} writes (POST to add, PUT to replace): owned, clean, at {@code percent}. */
    static Map<String, Object> desiredStrategy(String feature, int percent) {
        return Map.of(
                "name", FLEXIBLE_ROLLOUT,
                "title", OWNER_TITLE,
                "disabled", false,
                "constraints", List.of(),
                "segments", List.of(),
                "parameters", Map.of("rollout", Integer.toString(percent), "stickiness", "default", "groupId", feature));
    }
}
