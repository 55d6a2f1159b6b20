package io.tollgate.adapter.gatewayapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether the route's parents (Gateways) have accepted its current spec, from what their controllers wrote in
 * {@code status.parents[]}: for every {@code spec.parentRefs} entry a status entry whose {@code Accepted} and
 * {@code ResolvedRefs} conditions are True with {@code observedGeneration} equal to {@code metadata.generation}.
 * A condition of an older generation, or none yet, means the controller has not seen the change yet (PENDING: look
 * again); a condition False for the current generation is the controller's answer (REJECTED: waiting will not change
 * it). No entry at all is PENDING too: a controller may not have written its first status yet, and where none runs the
 * release's wait ends at its deadline. Pure: read from the resource's maps.
 *
 * @param verdict ACCEPTED only when every parent accepted the current generation
 * @param detail  what was seen, for the Observation
 */
record RouteAcceptance(Verdict verdict, String detail) {
    /** What the parents' controllers said about the current generation. */
    enum Verdict { ACCEPTED, PENDING, REJECTED }

    boolean accepted() {
        return verdict == Verdict.ACCEPTED;
    }

    static RouteAcceptance of(long generation, List<?> parentRefs, List<?> parentStatuses) {
        if (parentStatuses == null || parentStatuses.isEmpty()) {
            return new RouteAcceptance(Verdict.PENDING, "no gateway controller has written status.parents for this route, so that "
                    + "its parents accepted generation " + generation + " cannot be verified");
        }
        var accepted = new ArrayList<String>();
        for (Object ref : parentRefs == null ? List.of() : parentRefs) {
            String name = ref instanceof Map<?, ?> m ? parentName(m) : String.valueOf(ref);
            Map<?, ?> status = statusFor(parentStatuses, ref);
            if (status == null) {
                return new RouteAcceptance(Verdict.PENDING, "no status for parent '" + name + "' (generation " + generation + ")");
            }
            for (String type : List.of("Accepted", "ResolvedRefs")) {
                Map<?, ?> c = condition(status, type);
                if (c == null) {
                    return new RouteAcceptance(Verdict.PENDING, "parent '" + name + "' reports no " + type + " condition");
                }
                long seen = c.get("observedGeneration") instanceof Number n ? n.longValue() : -1;
                if (seen != generation) {
                    return new RouteAcceptance(Verdict.PENDING, "parent '" + name + "' " + type + " is for generation " + seen
                            + ", the route is at " + generation + " (not reconciled yet)");
                }
                if (!"True".equals(c.get("status"))) {
                    // Unknown is the controller's "still working on it" (reason Pending); False is its verdict.
                    return new RouteAcceptance("False".equals(c.get("status")) ? Verdict.REJECTED : Verdict.PENDING,
                            "parent '" + name + "' " + type + "=" + c.get("status") + " (" + c.get("reason") + ": "
                            + c.get("message") + ")");
                }
            }
            accepted.add(name);
        }
        if (accepted.isEmpty()) {
            return new RouteAcceptance(Verdict.REJECTED, "the route has no parentRefs, so no Gateway can accept it");
        }
        return new RouteAcceptance(Verdict.ACCEPTED, "accepted by " + String.join(", ", accepted) + " at generation " + generation);
    }

    private static Map<?, ?> statusFor(List<?> statuses, Object ref) {
        for (Object s : statuses) {
            if (s instanceof Map<?, ?> m && m.get("parentRef") instanceof Map<?, ?> r && ref instanceof Map<?, ?> want
                    && Objects.equals(r.get("name"), want.get("name"))
                    && Objects.equals(r.get("namespace"), want.get("namespace"))
                    && Objects.equals(r.get("sectionName"), want.get("sectionName"))) {
                return m;
            }
        }
        return null;
    }

    private static Map<?, ?> condition(Map<?, ?> status, String type) {
        if (status.get("conditions") instanceof List<?> conditions) {
            for (Object c : conditions) {
                if (c instanceof Map<?, ?> m && type.equals(m.get("type"))) {
                    return m;
                }
            }
        }
        return null;
    }

    private static String parentName(Map<?, ?> ref) {
        return (ref.get("namespace") != null ? ref.get("namespace") + "/" : "") + ref.get("name")
                + (ref.get("sectionName") != null ? "#" + ref.get("sectionName") : "");
    }
}
