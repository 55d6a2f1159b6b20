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
                .isEqualTo(new RouteAcceptance(true, "accepted by gw, gw#https at generation 3"));
    }

    @Test
    void anything_less_cannot_be_verified_and_says_why() {
        assertThat(RouteAcceptance.of(3, PARENTS, null).detail()).contains("no gateway controller has written status.parents");
        assertThat(RouteAcceptance.of(3, PARENTS, List.of(status(Map.of("name", "gw"), 3, "True", "True"))))
                .isEqualTo(new RouteAcceptance(false, "no status for parent 'gw#https' (generation 3)"));
        var old = List.of(status(Map.of("name", "gw"), 2, "True", "True"), status(Map.of("name", "gw", "sectionName", "https"), 3, "True", "True"));
        assertThat(RouteAcceptance.of(3, PARENTS, old).detail()).isEqualTo("parent 'gw' Accepted is for generation 2, the route is at 3 (not reconciled yet)");
        var refused = List.of(status(Map.of("name", "gw"), 3, "True", "False"), status(Map.of("name", "gw", "sectionName", "https"), 3, "True", "True"));
        assertThat(RouteAcceptance.of(3, PARENTS, refused).detail()).isEqualTo("parent 'gw' ResolvedRefs=False (R: m)");
        assertThat(RouteAcceptance.of(3, List.of(), List.of(status(Map.of("name", "gw"), 3, "True", "True"))).accepted()).isFalse();
    }
}
