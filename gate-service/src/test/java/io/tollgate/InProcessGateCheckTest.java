package io.tollgate;

import static io.tollgate.support.Requests.aCheck;
import static io.tollgate.support.TestTollgate.ADMIN_TOKEN;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.auth.Principal;
import io.tollgate.auth.Role;
import io.tollgate.gate.GateCheckRequest;
import io.tollgate.support.TestTollgate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gate called from inside the service, as the release controller will: a domain request and an
 * actor in, the committed decision out; recorded and served exactly like an HTTP check.
 */
class InProcessGateCheckTest {
    private static TestTollgate tollgate;

    @BeforeAll
    static void start() {
        tollgate = TestTollgate.builder().freshDatabase("inprocess").start();
    }

    @AfterAll
    static void stop() {
        tollgate.close();
    }

    @Test
    void an_in_process_check_is_committed_and_served_like_an_http_one() {
        var request = new GateCheckRequest("checkout", "1.4.2", "production", "canary-25", "canary-5",
                new GateCheckRequest.Change("9f2c1e7", "build-812", "dana", List.of("lee"), List.of()), false);

        var stored = tollgate.gates().check(request, new Principal("release:rel-42", Role.CI));
        var viaHttp = tollgate.api().check(CI_TOKEN, aCheck().stage("canary-25").previousStage("canary-5").json());

        var recorded = tollgate.api().get("/v1/decisions/" + stored.decision().decisionId(), ADMIN_TOKEN).json();
        assertThat(recorded.get("outcome").asText()).isEqualTo(stored.decision().outcome().wire())
                .isEqualTo(viaHttp.json().get("outcome").asText());
        assertThat(recorded.get("actor").asText()).isEqualTo("release:rel-42");
        assertThat(recorded.get("request").get("stage").asText()).isEqualTo("canary-25");
        assertThat(recorded.get("request").get("change").get("approvals").get(0).asText()).isEqualTo("lee");
        assertThat(recorded.get("policyInput").get("release").get("previousStage").asText()).isEqualTo("canary-5");
        assertThat(recorded.get("policyInput").get("actor").get("subject").asText()).isEqualTo("release:rel-42");
        assertThat(tollgate.api().get("/v1/audit/verify", ADMIN_TOKEN).json().get("intact").asBoolean()).isTrue();
    }
}
