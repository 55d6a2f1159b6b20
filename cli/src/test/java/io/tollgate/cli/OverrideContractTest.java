package io.tollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * Contract test: the requests {@code tollgate override …} sends to {@code /v1/overrides} as issue 10 specifies the
 * endpoint (the server side is not built yet), asserted on a stand-in server, and how the CLI renders the answers.
 */
@DisabledIfSystemProperty(named = "cli.packaged", matches = "true")
class OverrideContractTest {
    private static final String TOKEN = "rm-token-8f3a1c";
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    private final ContractServer server = new ContractServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private CliRun.Result cli(String... args) {
        return CliRun.run(CliRun.env(server.url(), TOKEN), NOW, args);
    }

    @Test
    void create_posts_the_scope_effect_suppress_reason_ticket_and_expiry() throws Exception {
        server.answer("POST", "/v1/overrides", 201, """
                {"id":"ov_7Hq2","createdBy":"lee","scope":{"service":"checkout","environment":"production","version":"1.5.0"},
                 "effect":"allow","suppress":["burn_rate_too_high"],"reason":"INC-2231 hotfix","ticket":"INC-2231",
                 "expiresAt":"2026-12-01T18:00:00Z"}""");

        var r = cli("override", "create", "--service", "checkout", "--environment", "production", "--version", "1.5.0",
                "--effect", "allow", "--suppress", "burn_rate_too_high", "--reason", "INC-2231 hotfix", "--ticket", "INC-2231",
                "--expires", "8h");

        assertThat(r.code()).as(r.toString()).isEqualTo(0);
        var req = server.only();
        assertThat(req.method()).isEqualTo("POST");
        assertThat(req.path()).isEqualTo("/v1/overrides");
        assertThat(req.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(req.header("Content-Type")).isEqualTo("application/json");
        JsonNode body = Api.JSON.readTree(req.body());
        assertThat(body).isEqualTo(Api.JSON.readTree("""
                {"scope":{"service":"checkout","environment":"production","version":"1.5.0"},
                 "effect":"allow","suppress":["burn_rate_too_high"],"reason":"INC-2231 hotfix","ticket":"INC-2231",
                 "expiresAt":"2026-12-01T18:00:00Z"}"""));
        assertThat(r.out()).startsWith("ov_7Hq2  allow").contains("checkout/production 1.5.0").contains("by lee")
                .contains("suppress [burn_rate_too_high]").doesNotContain(TOKEN);
    }

    @Test
    void a_freeze_on_a_release_sends_no_suppress_and_an_absolute_expiry_stays_as_given() throws Exception {
        server.answer("POST", "/v1/overrides", 201, "{\"id\":\"ov_1\",\"effect\":\"freeze\",\"scope\":{}}");

        var r = cli("override", "create", "--service", "checkout", "--environment", "production", "--release", "r-42",
                "--effect", "freeze", "--reason", "payment provider incident", "--expires", "2026-12-02T00:00:00Z");

        assertThat(r.code()).as(r.toString()).isEqualTo(0);
        assertThat(Api.JSON.readTree(server.only().body())).isEqualTo(Api.JSON.readTree("""
                {"scope":{"service":"checkout","environment":"production","release":"r-42"},"effect":"freeze",
                 "reason":"payment provider incident","expiresAt":"2026-12-02T00:00:00Z"}"""));
    }

    @Test
    void a_policy_refusal_exits_1_and_prints_the_policys_reasons() {
        server.answer("POST", "/v1/overrides", 403, """
                {"code":"override_refused","message":"the policy does not permit this override","field":null,
                 "reasons":[{"code":"ticket_required","message":"an override in production needs a ticket"},
                            {"code":"expiry_too_long","message":"an override in production may last at most 24h"}]}""");

        var r = cli("override", "create", "--service", "checkout", "--environment", "production", "--effect", "allow",
                "--suppress", "burn_rate_too_high", "--reason", "please", "--expires", "48h");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("tollgate: override refused: override_refused the policy does not permit this override")
                .contains("  ticket_required  an override in production needs a ticket")
                .contains("  expiry_too_long  an override in production may last at most 24h");
    }

    @Test
    void bad_input_is_refused_before_anything_is_sent() {
        var noSuppress = cli("override", "create", "--service", "a", "--environment", "production", "--effect", "allow", "--reason", "r");
        assertThat(noSuppress.code()).isEqualTo(3);
        assertThat(noSuppress.err()).contains("--suppress: an allow override must name the reason codes it may override");

        var badEffect = cli("override", "create", "--service", "a", "--environment", "production", "--effect", "bless", "--reason", "r");
        assertThat(badEffect.code()).isEqualTo(3);
        assertThat(badEffect.err()).contains("--effect: must be allow, skip-analysis or freeze, got \"bless\"");

        var both = cli("override", "create", "--service", "a", "--environment", "e", "--version", "1", "--release", "r",
                "--effect", "freeze", "--reason", "r");
        assertThat(both.code()).isEqualTo(3);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void list_asks_for_active_overrides_unless_all() {
        server.answer("GET", "/v1/overrides", 200, """
                {"items":[{"id":"ov_1","effect":"freeze","scope":{"service":"checkout","environment":"production"},
                           "createdBy":"lee","reason":"incident","expiresAt":null}]}""");

        var active = cli("override", "list");
        var all = cli("override", "list", "--all");

        assertThat(active.code()).isEqualTo(0);
        assertThat(active.out()).startsWith("ov_1  freeze").contains("checkout/production").contains("expires never");
        assertThat(server.requests().get(0).query()).isEqualTo(java.util.Map.of("active", "true"));
        assertThat(server.requests().get(1).query()).isEmpty();
        assertThat(all.code()).isEqualTo(0);
    }

    @Test
    void revoke_deletes_with_the_reason_in_the_body() throws Exception {
        server.answer("DELETE", "/v1/overrides/ov_7Hq2", 200, "{\"id\":\"ov_7Hq2\",\"revokedBy\":\"lee\"}");

        var r = cli("override", "revoke", "ov_7Hq2", "--reason", "incident closed");

        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).isEqualTo("revoked ov_7Hq2\n");
        var req = server.only();
        assertThat(req.method()).isEqualTo("DELETE");
        assertThat(Api.JSON.readTree(req.body())).isEqualTo(Api.JSON.readTree("{\"reason\":\"incident closed\"}"));

        var unknown = cli("override", "revoke", "ov_nope", "--reason", "x");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).startsWith("tollgate: refused (404): not_found");
    }

    @Test
    void revoke_sends_the_ticket_and_prints_the_policys_refusal() throws Exception {
        server.answer("DELETE", "/v1/overrides/ov_f1", 403, "{\"code\":\"override_refused\",\"message\":\"the policy does not permit this\","
                + "\"field\":null,\"reasons\":[{\"code\":\"override_own_change\",\"message\":\"kim is the author of a change frozen by ov_f1\"}]}");

        var r = cli("override", "revoke", "ov_f1", "--reason", "my fix", "--ticket", "INC-9");

        assertThat(r.code()).isEqualTo(ExitCode.DENIED);
        assertThat(r.err()).contains("revocation refused").contains("override_own_change");
        assertThat(Api.JSON.readTree(server.only().body())).isEqualTo(Api.JSON.readTree("{\"reason\":\"my fix\",\"ticket\":\"INC-9\"}"));
    }
}
