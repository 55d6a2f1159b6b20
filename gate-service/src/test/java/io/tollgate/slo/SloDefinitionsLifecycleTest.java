package io.tollgate.slo;

import static io.tollgate.support.TestTollgate.ADMIN_TOKEN;
import static io.tollgate.support.TestTollgate.VIEWER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tollgate.support.Ports;
import io.tollgate.support.TestTollgate;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validation at start and on reload (the last good set stays in force), and the generated rules. */
class SloDefinitionsLifecycleTest {
    private static final URI NO_PROMETHEUS = URI.create("http://127.0.0.1:" + Ports.free());

    @Test
    void refuses_to_start_with_invalid_definitions_naming_file_field_and_problem(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("checkout.yaml"), Files.readString(Ports.resourceDir("slo-e2e/steady").resolve("checkout.yaml"))
                .replace("target: 0.999", "target: 1.5"));

        assertThatThrownBy(() -> TestTollgate.builder().freshDatabase("slo_bad_start").slos(dir, NO_PROMETHEUS).start())
                .isInstanceOf(SloValidationException.class)
                .satisfies(e -> assertThat(((SloValidationException) e).problems())
                        .anySatisfy(p -> assertThat(p).contains("checkout.yaml").contains("spec.objectives[0].target")
                                .contains("must be in (0,1), got 1.5")));
    }

    @Test
    void a_reload_with_invalid_definitions_keeps_the_last_good_set_and_says_why(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("search.yaml");
        String good = Files.readString(Ports.resourceDir("slo-e2e/flip").resolve("search.yaml"));
        Files.writeString(file, good);
        try (var tollgate = TestTollgate.builder().freshDatabase("slo_reload").slos(dir, NO_PROMETHEUS).start()) {
            Files.writeString(file, good.replace("budgetingMethod: Occurrences", "budgetingMethod: Timeslices"));

            var refused = tollgate.api().post("/v1/slos/reload", ADMIN_TOKEN, "", Map.of());
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.json().get("reloaded").asBoolean()).isFalse();
            assertThat(refused.json().get("problems").toString()).contains("search.yaml").contains("Timeslices");
            assertThat(tollgate.api().get("/v1/slos/search-availability", VIEWER_TOKEN).status()).isEqualTo(200);

            Files.writeString(file, good.replace("name: search-availability", "name: search-latency-free"));
            var accepted = tollgate.api().post("/v1/slos/reload", ADMIN_TOKEN, "", Map.of());
            assertThat(accepted.status()).isEqualTo(200);
            assertThat(tollgate.api().get("/v1/slos/search-availability", VIEWER_TOKEN).status()).isEqualTo(404);
            assertThat(tollgate.api().get("/v1/slos/search-latency-free", VIEWER_TOKEN).status()).isEqualTo(200);
            assertThat(tollgate.api().post("/v1/slos/reload", VIEWER_TOKEN, "", Map.of()).status()).isEqualTo(403);
        }
    }

    @Test
    void shows_an_unreachable_prometheus_as_unavailable_state_not_as_an_error() {
        try (var tollgate = TestTollgate.builder().freshDatabase("slo_state").slos(Ports.resourceDir("slo-e2e/flip"), NO_PROMETHEUS).start()) {
            var state = tollgate.api().get("/v1/slos/search-availability", VIEWER_TOKEN);

            assertThat(state.status()).isEqualTo(200);
            assertThat(state.json().get("status").asText()).isEqualTo("unavailable");
            assertThat(state.json().get("problem").asText()).contains("connection refused");
            assertThat(state.json().get("target").asDouble()).isEqualTo(0.99);
            assertThat(state.json().get("window").asText()).isEqualTo("1h");
        }
    }

    @Test
    void serves_rules_for_the_repository_definitions_that_promtool_accepts(@TempDir Path tmp) throws Exception {
        try (var tollgate = TestTollgate.builder().freshDatabase("slo_rules")
                .slos(Ports.repoRoot().resolve("slo-definitions"), NO_PROMETHEUS).start()) {
            var rules = tollgate.api().get("/v1/slos/rules", VIEWER_TOKEN);
            assertThat(rules.status()).isEqualTo(200);
            Path file = tmp.resolve("rules.yaml");
            Files.writeString(file, rules.text());

            var promtool = new ProcessBuilder("promtool", "check", "rules", file.toString()).redirectErrorStream(true).start();
            assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String out = new String(promtool.getInputStream().readAllBytes());
            assertThat(promtool.exitValue()).as(out).isZero();
            assertThat(out).contains("SUCCESS");
            assertThat(rules.text()).contains("checkout-availability").contains("payments-authorisation");
        }
    }
}
