package io.tollgate.override;

import static io.tollgate.support.Requests.aCheck;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static io.tollgate.support.TestTollgate.RELEASE_MANAGER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.testsupport.Eventually;
import io.tollgate.support.LiveSlos;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The case on live data: a real Prometheus scrapes a service burning its error budget fast, the gate denies
 * with burn_rate_too_high, and a release manager's allow override suppressing exactly that code lets the hotfix
 * through — while a check that also has another deny reason stays denied.
 */
@Tag("live")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OverrideBurnRateTest {
    private LiveSlos live;

    @BeforeAll
    void start() {
        live = LiveSlos.start("search", 200, 0.5, null, "slo-e2e/flip", "override_burn");
    }

    @AfterAll
    void stop() {
        live.close();
    }

    @Test
    void an_allow_override_suppressing_burn_rate_too_high_lets_the_hotfix_through() {
        var api = live.tollgate().api();
        var burning = Eventually.await("burn_rate_too_high deny", Duration.ofSeconds(60),
                () -> api.check(CI_TOKEN, aCheck().service("search").environment("staging").json()).json(),
                answer -> codes(answer).contains("burn_rate_too_high"));
        assertThat(burning.get("outcome").asText()).isEqualTo("deny");

        var created = api.post("/v1/overrides", RELEASE_MANAGER_TOKEN, """
                {"scope":{"service":"search","environment":"staging"},"effect":"allow","suppress":["burn_rate_too_high"],
                 "reason":"INC-2231 hotfix; burn is from the incident being fixed","expiresAt":"%s"}"""
                .formatted(Instant.now().plus(Duration.ofHours(2)).toString()), Map.of("Content-Type", "application/json"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);

        var allowed = api.check(CI_TOKEN, aCheck().service("search").environment("staging").json()).json();
        assertThat(allowed.get("outcome").asText()).as(allowed.toString()).isEqualTo("allow");
        assertThat(codes(allowed)).startsWith("allowed_by_override").contains("burn_rate_too_high");

        // canary-1 → full jumps too far: a reason the override does not name still denies.
        var otherReason = api.check(CI_TOKEN, aCheck().service("search").environment("staging").stage("full")
                .previousStage("canary-1").json()).json();
        assertThat(otherReason.get("outcome").asText()).isEqualTo("deny");
        assertThat(codes(otherReason)).contains("burn_rate_too_high", "stage_jump_too_large").doesNotContain("allowed_by_override");
    }

    private static java.util.List<String> codes(JsonNode answer) {
        return StreamSupport.stream(answer.get("reasons").spliterator(), false).map(r -> r.get("code").asText()).toList();
    }
}
