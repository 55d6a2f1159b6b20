package io.tollgate;

import static io.tollgate.support.Requests.aCheck;
import static io.tollgate.support.TestTollgate.ADMIN_TOKEN;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.support.TestTollgate;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default keeps decisions in its data directory across a restart. */
class RestartTest {

    @Test
    void decisions_survive_a_restart_of_the_service_and_its_embedded_database(@TempDir Path dataDir) {
        String decisionId;
        String hash;
        try (var first = TestTollgate.builder().embeddedDatabase(dataDir).start()) {
            decisionId = first.api().check(CI_TOKEN, aCheck().json()).json().get("decisionId").asText();
            hash = first.api().get("/v1/decisions/" + decisionId, ADMIN_TOKEN).json().get("audit").get("hash").asText();
        }

        try (var second = TestTollgate.builder().embeddedDatabase(dataDir).start()) {
            var stored = second.api().get("/v1/decisions/" + decisionId, ADMIN_TOKEN);
            assertThat(stored.status()).isEqualTo(200);
            assertThat(stored.json().get("audit").get("hash").asText()).isEqualTo(hash);

            var next = second.api().check(CI_TOKEN, aCheck().json()).json().get("decisionId").asText();
            var chained = second.api().get("/v1/decisions/" + next, ADMIN_TOKEN).json().get("audit");
            assertThat(chained.get("previousHash").asText()).isEqualTo(hash);
            assertThat(second.api().get("/v1/audit/verify", ADMIN_TOKEN).json().get("intact").asBoolean()).isTrue();
        }
    }
}
