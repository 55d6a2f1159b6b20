package io.tollgate.release;

import static io.tollgate.release.ReleaseFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.support.TestTollgate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An SLO fast burn while baking: the policy's on_regression decides, per environment (real policy). */
class ReleaseRegressionPolicyTest {
    private final FakeFlagRollout flags = new FakeFlagRollout();
    private final FakeTrafficRouter traffic = new FakeTrafficRouter();
    private final Set<String> burning = ConcurrentHashMap.newKeySet();
    private TestTollgate tollgate;

    @BeforeEach
    void start() {
        FastBurn fake = service -> burning.contains(service) ? List.of(service + "-availability/page-fast") : List.of();
        tollgate = TestTollgate.builder().freshDatabase("release_regression")
                .releases(wiring(flags, traffic, new FakeCanaryHealth(), fastConfig(), fake)).start();
    }

    @AfterEach
    void stop() {
        tollgate.close();
    }

    @Test
    void a_fast_burn_in_production_rolls_back_because_the_policy_says_rollback_there() {
        String id = create(tollgate, fourStages("checkout", "30s")).json().path("id").asText();
        awaitState(tollgate, id, "baking", Duration.ofSeconds(20));

        burning.add("checkout");
        var done = awaitState(tollgate, id, "rolled_back", Duration.ofSeconds(20)).json();

        assertThat(done.path("reason").path("code").asText()).isEqualTo("slo_fast_burn");
        assertThat(done.path("reason").path("message").asText()).contains("checkout-availability/page-fast").contains("on_regression=rollback");
        Eventually.until(() -> traffic.percent("checkout") == 0 && flags.percent("checkout-v150") == 0);
    }

    @Test
    void a_fast_burn_in_development_halts_because_the_policy_says_halt_there() {
        var body = fourStages("notes", "30s").put("environment", "development");
        String id = create(tollgate, body).json().path("id").asText();
        awaitState(tollgate, id, "baking", Duration.ofSeconds(20));

        burning.add("notes");
        var done = awaitState(tollgate, id, "halted", Duration.ofSeconds(20)).json();

        assertThat(done.path("onRegression").asText()).isEqualTo("halt");
        assertThat(done.path("reason").path("code").asText()).isEqualTo("slo_fast_burn");
        assertThat(traffic.percent("notes")).isEqualTo(1); // halted where it is, for a human
        assertThat(flags.percent("notes-v150")).isEqualTo(1);
    }

    /** Small wait on a condition of the fakes. */
    static final class Eventually {
        static void until(java.util.function.BooleanSupplier done) {
            io.tollgate.testsupport.Eventually.await("condition", Duration.ofSeconds(10), done::getAsBoolean, ok -> ok);
        }
    }
}
