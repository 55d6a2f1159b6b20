package io.tollgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code database.*}: one set of limits, every message naming the YAML key. */
class DatabaseConfigTest {
    private static final Path DIR = Path.of("data");
    private static final String URL = "jdbc:postgresql://db.internal:5432/tollgate";

    @Test
    void embedded_defaults_are_valid() {
        var c = DatabaseConfig.embedded(DIR);

        assertThat(c.embedded()).isTrue();
        assertThat(c.user()).isEqualTo("tollgate");
        assertThat(c.poolSize()).isEqualTo(8);
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void a_blank_url_means_the_embedded_database_with_its_default_data_dir() {
        var c = new DatabaseConfig("  ", null, null, null, 0, null);

        assertThat(c.embedded()).isTrue();
        assertThat(c.dataDir()).isEqualTo(Path.of(".data", "postgres"));
        assertThat(c.password()).isEmpty();
    }

    @Test
    void rejects_a_url_that_is_not_postgres_or_names_no_host() {
        assertThatThrownBy(() -> DatabaseConfig.external("jdbc:h2:mem:x", "sa", ""))
                .isInstanceOf(ConfigException.class)
                .hasMessage("database.url: must start with jdbc:postgresql://, got \"jdbc:h2:mem:x\"");
        assertThatThrownBy(() -> DatabaseConfig.external("jdbc:postgresql:///tollgate", "app", ""))
                .hasMessageStartingWith("database.url: must name a host");
        assertThatThrownBy(() -> DatabaseConfig.external("jdbc:postgresql://db host/x", "app", ""))
                .hasMessageStartingWith("database.url: is not a valid URL");
    }

    @Test
    void the_embedded_role_must_be_a_plain_role_name_but_an_external_user_may_be_anything() {
        assertThatThrownBy(() -> new DatabaseConfig(null, "Bad-Name", "", DIR, 0, null))
                .hasMessageStartingWith("database.user: must be a lowercase role name");
        assertThat(DatabaseConfig.external(URL, "App-User@corp", "").user()).isEqualTo("App-User@corp");
    }

    @Test
    void rejects_pool_sizes_and_connect_timeouts_out_of_range() {
        assertThatThrownBy(() -> new DatabaseConfig(URL, "app", "", null, 101, null))
                .hasMessage("database.poolSize: must be in 1..100, got 101");
        assertThatThrownBy(() -> new DatabaseConfig(URL, "app", "", null, -1, null))
                .hasMessage("database.poolSize: must be in 1..100, got -1");
        assertThatThrownBy(() -> new DatabaseConfig(URL, "app", "", null, 4, Duration.ofMillis(10)))
                .hasMessage("database.connectTimeout: must be between 250ms and 60s, got 10ms");
        assertThatThrownBy(() -> new DatabaseConfig(URL, "app", "", null, 4, Duration.ofMinutes(2)))
                .hasMessage("database.connectTimeout: must be between 250ms and 60s, got 2m");
        assertThat(new DatabaseConfig(URL, "app", "", null, 100, Duration.ofMillis(250)).poolSize()).isEqualTo(100);
    }

    @Test
    void a_migration_role_is_for_an_external_database_and_must_not_be_the_service_role() {
        assertThatThrownBy(() -> new DatabaseConfig(null, null, null, DIR, 0, null, null, "owner", "pw", false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("database.migrationUser");
        assertThatThrownBy(() -> DatabaseConfig.external(URL, "app", "").withMigrationUser("app", "pw"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("database.migrationUser").hasMessageContaining("must differ");
        var c = DatabaseConfig.external(URL, "app", "").withMigrationUser("owner", "secret-owner");
        assertThat(c.migrationUser()).isEqualTo("owner");
        assertThat(c.allowPrivilegedUser()).isFalse();
        assertThat(c.toString()).contains("migrationUser=owner").doesNotContain("secret-owner");
    }

    @Test
    void the_statement_timeout_defaults_to_5s_and_stays_between_1s_and_10m() {
        assertThat(DatabaseConfig.embedded(DIR).statementTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> DatabaseConfig.embedded(DIR).withStatementTimeout(Duration.ofMillis(500)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("database.statementTimeout");
        assertThatThrownBy(() -> DatabaseConfig.embedded(DIR).withStatementTimeout(Duration.ofMinutes(11)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("database.statementTimeout");
    }

    @Test
    void to_string_never_shows_the_password() {
        assertThat(DatabaseConfig.external(URL, "app", "hunter2").toString()).doesNotContain("hunter2");
    }
}
