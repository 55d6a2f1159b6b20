package io.tollgate.cli;

import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static io.tollgate.support.TestTollgate.RELEASE_MANAGER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.support.TestTollgate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * {@code override create|list|revoke} against a real Tollgate whose clock is inside the shipped year-end freeze
 * window: a check denied with freeze_window_active exits 1, the override the policy permits turns it into 0, a
 * refused one exits 1 with the policy's reasons, and revoking brings the deny back.
 */
@DisabledIfSystemProperty(named = "cli.packaged", matches = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OverrideCliTest {
    private static final Instant IN_FREEZE = Instant.parse("2026-12-22T10:00:00Z");
    private TestTollgate tollgate;

    @BeforeAll
    void start() {
        tollgate = TestTollgate.builder().freshDatabase("cli_overrides").now(IN_FREEZE).start();
    }

    @AfterAll
    void stop() {
        if (tollgate != null) {
            tollgate.close();
        }
    }

    private CliRun.Result as(String token, String... args) {
        return CliRun.run(CliRun.env(tollgate.baseUrl(), token), Clock.fixed(IN_FREEZE, ZoneOffset.UTC), args);
    }

    private CliRun.Result check() {
        return as(CI_TOKEN, "check", "--service", "checkout", "--version", "1.5.0", "--environment", "production",
                "--stage", "canary-5", "--commit", "abc123", "--pipeline", "p-9", "--author", "dana", "--approval", "lee");
    }

    @Test
    void an_override_the_policy_permits_turns_the_deny_into_allow_until_revoked() throws Exception {
        assertThat(check().code()).isEqualTo(1);

        var refused = as(RELEASE_MANAGER_TOKEN, "override", "create", "--service", "checkout", "--environment", "production",
                "--effect", "allow", "--suppress", "freeze_window_active", "--reason", "INC-2231 hotfix", "--ticket", "INC-2231",
                "--expires", "8h");
        assertThat(refused.code()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).contains("override_needs_emergency_label");

        var created = as(RELEASE_MANAGER_TOKEN, "override", "create", "--service", "checkout", "--environment", "production",
                "--effect", "allow", "--suppress", "freeze_window_active", "--reason", "INC-2231 hotfix", "--ticket", "INC-2231",
                "--label", "emergency", "--expires", "8h", "-o", "json");
        assertThat(created.code()).as(created.toString()).isEqualTo(0);
        String id = Api.JSON.readTree(created.out()).path("id").asText();

        var allowed = check();
        assertThat(allowed.code()).as(allowed.toString()).isEqualTo(0);
        assertThat(allowed.out()).contains("allowed_by_override").contains(id);

        assertThat(as(RELEASE_MANAGER_TOKEN, "override", "list").out()).contains(id);
        var revoked = as(RELEASE_MANAGER_TOKEN, "override", "revoke", id, "--reason", "hotfix shipped");
        assertThat(revoked.code()).as(revoked.toString()).isEqualTo(0);
        assertThat(check().code()).isEqualTo(1);
    }
}
