package io.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.config.ConfigLoader;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The few lines a person at a terminal reads once Tollgate listens. */
class StartupSummaryTest {

    @Test
    void says_what_started_where_the_urls_and_the_token() {
        var config = ConfigLoader.load(null, Map.of("TOLLGATE_DATA_DIR", "/var/lib/tollgate"));

        var lines = StartupSummary.lines(config, "http://127.0.0.1:8080", "tok123", Duration.ofMillis(3_210));

        assertThat(lines.getFirst()).isEqualTo("Tollgate listening on http://127.0.0.1:8080 (started in 3.2 s)");
        assertThat(String.join("\n", lines))
                .contains("  database   embedded PostgreSQL, data in /var/lib/tollgate/postgres")
                .contains("  policies   embedded engine (WebAssembly), bundle built from policies/")
                .contains("  SLOs       none")
                .contains("  adapters   none")
                .contains("  console    http://127.0.0.1:8080/ui/")
                .contains("  token      tok123 (role admin, valid until restart)")
                .contains("-H 'Authorization: Bearer tok123'")
                .contains("TOLLGATE_LOG_FORMAT=json");
        assertThat(lines).hasSizeLessThan(20);
    }

    @Test
    void an_external_database_is_named_without_its_query_string_and_never_with_its_password() {
        var config = ConfigLoader.load(null, Map.of("TOLLGATE_DB_URL", "jdbc:postgresql://db:5432/tollgate?sslmode=require",
                "TOLLGATE_DB_USER", "gate", "TOLLGATE_DB_PASSWORD", "s3cret", "TOLLGATE_DATA_DIR", "/tmp/x"));

        var text = String.join("\n", StartupSummary.lines(config, "http://127.0.0.1:8080", null, Duration.ofSeconds(1)));

        assertThat(text).contains("PostgreSQL jdbc:postgresql://db:5432/tollgate as gate").doesNotContain("s3cret")
                .doesNotContain("sslmode").doesNotContain("Bearer");
    }
}
