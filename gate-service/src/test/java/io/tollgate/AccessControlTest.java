package io.tollgate;

import static io.tollgate.support.Requests.aCheck;
import static io.tollgate.support.TestTollgate.ADMIN_TOKEN;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static io.tollgate.support.TestTollgate.RELEASE_MANAGER_TOKEN;
import static io.tollgate.support.TestTollgate.VIEWER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.support.TestTollgate;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Bearer tokens and roles: 401 without a (known) token, 403 with the wrong role, actor = token subject. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessControlTest {
    private TestTollgate tollgate;

    @BeforeAll
    void start() {
        tollgate = TestTollgate.builder().freshDatabase("access").start();
    }

    @AfterAll
    void stop() {
        tollgate.close();
    }

    @Test
    void answers_401_without_a_token_or_with_an_unknown_or_malformed_one() {
        var none = tollgate.api().check(null, aCheck().json());
        var unknown = tollgate.api().check("not-a-real-token", aCheck().json());
        var basic = tollgate.api().post("/v1/gates/check", null, aCheck().toString(),
                Map.of("Content-Type", "application/json", "Authorization", "Basic dXNlcjpwdw=="));

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.json().get("code").asText()).isEqualTo("unauthenticated");
        assertThat(basic.status()).isEqualTo(401);
    }

    @Test
    void answers_403_when_the_role_lacks_the_permission() {
        var viewerChecks = tollgate.api().check(VIEWER_TOKEN, aCheck().json());
        var ciReads = tollgate.api().get("/v1/decisions", CI_TOKEN);
        var ciVerifies = tollgate.api().get("/v1/audit/verify", CI_TOKEN);

        assertThat(viewerChecks.status()).isEqualTo(403);
        assertThat(viewerChecks.json().get("code").asText()).isEqualTo("forbidden");
        assertThat(ciReads.status()).isEqualTo(403);
        assertThat(ciVerifies.status()).isEqualTo(403);
    }

    @Test
    void lets_each_role_do_what_it_is_for_and_records_the_token_subject_as_actor() {
        var byCi = tollgate.api().check(CI_TOKEN, aCheck().json());
        var byManager = tollgate.api().check(RELEASE_MANAGER_TOKEN, aCheck().json());

        assertThat(byCi.status()).isEqualTo(200);
        assertThat(byManager.status()).isEqualTo(200);
        assertThat(tollgate.api().get("/v1/decisions", VIEWER_TOKEN).status()).isEqualTo(200);
        assertThat(tollgate.api().get("/v1/audit/verify", VIEWER_TOKEN).status()).isEqualTo(200);
        var stored = tollgate.api().get("/v1/decisions/" + byManager.json().get("decisionId").asText(), ADMIN_TOKEN).json();
        assertThat(stored.get("actor").asText()).isEqualTo("release-manager-kim");
    }

    @Test
    void a_rejected_caller_leaves_no_trace_in_the_audit_log() {
        int before = tollgate.api().get("/v1/decisions?limit=500", ADMIN_TOKEN).json().get("items").size();

        tollgate.api().check(null, aCheck().json());
        tollgate.api().check(VIEWER_TOKEN, aCheck().json());

        assertThat(tollgate.api().get("/v1/decisions?limit=500", ADMIN_TOKEN).json().get("items").size()).isEqualTo(before);
    }
}
