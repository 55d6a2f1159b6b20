package io.tollgate.cli;

import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static io.tollgate.support.TestTollgate.VIEWER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.support.TestTollgate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.TestInstance;

/** {@code decisions list|show} and {@code audit verify} against a real Tollgate with a few recorded decisions. */
@DisabledIfSystemProperty(named = "cli.packaged", matches = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DecisionsAndAuditTest {
    private TestTollgate tollgate;
    private final java.util.List<String> ids = new java.util.ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        tollgate = TestTollgate.builder().freshDatabase("cli_decisions").start();
        // production canary-50 from nothing: denied (approval missing, stage jump too far)
        for (String[] envStage : new String[][] {{"staging", "canary-1"}, {"production", "canary-50"}, {"staging", "canary-1"}}) {
            var r = CliRun.run(CliRun.env(tollgate.baseUrl(), CI_TOKEN), "check", "--service", "ledger", "--version", "4.0.0",
                    "--environment", envStage[0], "--stage", envStage[1], "--commit", "abc123", "--pipeline", "p-1", "--author", "dana", "-o", "json");
            ids.add(Api.JSON.readTree(r.out()).path("decisionId").asText());
        }
    }

    @AfterAll
    void stop() {
        if (tollgate != null) {
            tollgate.close();
        }
    }

    private CliRun.Result cli(String... args) {
        // The service's clock is fixed at DEFAULT_NOW: "--since 1d" counts back from there.
        return CliRun.run(CliRun.env(tollgate.baseUrl(), VIEWER_TOKEN),
                java.time.Clock.fixed(TestTollgate.DEFAULT_NOW, java.time.ZoneOffset.UTC), args);
    }

    @Test
    void list_shows_newest_first_with_outcome_and_reason_codes_and_follows_pages_with_all() throws Exception {
        var r = cli("decisions", "list", "--service", "ledger", "--since", "1d");

        assertThat(r.code()).as(r.toString()).isEqualTo(0);
        var lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("allow ledger 4.0.0 → staging/canary-1").endsWith(ids.get(2));
        assertThat(lines.get(1)).contains("deny  ledger 4.0.0 → production/canary-50").contains("approval_missing").endsWith(ids.get(1));

        var paged = cli("decisions", "list", "--service", "ledger", "--limit", "2");
        assertThat(paged.out()).contains("more: --cursor ");
        var all = cli("decisions", "list", "--service", "ledger", "--limit", "2", "--all", "-o", "json");
        assertThat(Api.JSON.readTree(all.out()).path("items").size()).isEqualTo(3);

        var denies = cli("decisions", "list", "--outcome", "deny");
        assertThat(denies.out().lines().toList()).hasSize(1);

        var badSince = cli("decisions", "list", "--since", "last tuesday");
        assertThat(badSince.code()).isEqualTo(3);
        assertThat(badSince.err()).contains("--since: expected an RFC 3339 time");
    }

    @Test
    void show_prints_the_decision_its_request_and_its_place_in_the_chain() {
        var r = cli("decisions", "show", ids.get(1));

        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).startsWith("DENY  ledger 4.0.0 → production/canary-50").contains("approval_missing")
                .contains("actor ci-pipeline").contains("audit seq ").contains("\"pipeline\":\"p-1\"");
    }

    @Test
    void audit_verify_exits_0_when_the_chain_is_intact() {
        var r = cli("audit", "verify");

        assertThat(r.code()).as(r.toString()).isEqualTo(0);
        assertThat(r.out()).startsWith("INTACT: ");
    }
}
