package io.tollgate.adapter.gatewayapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteAcceptanceTest {
    static final List<Object> PARENTS = List.of(Map.of("name", "gw"), Map.of("name", "gw", "sectionName", "https"));

    static Map<String, Object> status(Map<String, Object> parentRef, long generation, String accepted, String resolved) {
        return Map.of("parentRef", parentRef, "conditions", List.of(
                Map.of("type", "Accepted", "status", accepted, "observedGeneration", generation, "reason", "R", "message", "m"),
                Map.of("type", "ResolvedRefs", "status", resolved, "observedGeneration", generation, "reason", "R", "message", "m")));
    }

    @Test
    void accepted_only_when_every_parent_accepted_the_current_generation() {
        var all = List.of(status(Map.of("name", "gw"), 3, "True", "True"),
                status(Map.of("name", "gw", "sectionName", "https"), 3, "True", "True"));
        assertThat(RouteAcceptance.of(3, PARENTS, all))
                .isEqualTo(new RouteAcceptance(RouteAcceptance.Verdict.ACCEPTED, "accepted by gw, gw#https at generation 3"));
    }

    @Test
    void a_controller_that_has_not_caught_up_is_pending_and_says_why() {
        assertThat(RouteAcceptance.of(3, PARENTS, null)).satisfies(a -> {
            assertThat(a.verdict()).isEqualTo(RouteAcceptance.Verdict.PENDING);
            assertThat(a.detail()).contains("no gateway controller has written status.parents");
        });
        assertThat(RouteAcceptance.of(3, PARENTS, List.of(status(Map.of("name", "gw"), 3, "True", "True"))))
                .isEqualTo(new RouteAcceptance(RouteAcceptance.Verdict.PENDING, "no status for parent 'gw#https' (generation 3)"));
        var old = List.of(status(Map.of("name", "gw"), 2, "True", "True"), status(Map.of("name", "gw", "sectionName", "https"), 3, "True", "True"));
        assertThat(RouteAcceptance.of(3, PARENTS, old)).isEqualTo(new RouteAcceptance(RouteAcceptance.Verdict.PENDING,
                "parent 'gw' Accepted is for generation 2, the route is at 3 (not reconciled yet)"));
        var working = List.of(status(Map.of("name", "gw"), 3, "Unknown", "True"), status(Map.of("name", "gw", "sectionName", "https"), 3, "True", "True"));
        assertThat(RouteAcceptance.of(3, PARENTS, working).verdict()).isEqualTo(RouteAcceptance.Verdict.PENDING);
    }

    @Test
    void a_condition_false_for_the_current_generation_is_the_controllers_verdict() {
        var refused = List.of(status(Map.of("name", "gw"), 3, "True", "False"), status(Map.of("name", "gw", "sectionName", "https"), 3, "True", "True"));
        assertThat(RouteAcceptance.of(3, PARENTS, refused))
                .isEqualTo(new RouteAcceptance(RouteAcceptance.Verdict.REJECTED, "parent 'gw' ResolvedRefs=False (R: m)"));
        assertThat(RouteAcceptance.of(3, List.of(), List.of(status(Map.of("name", "gw"), 3, "True", "True"))).verdict())
                .isEqualTo(RouteAcceptance.Verdict.REJECTED);
    }
}
