package io.tollgate.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {
    private static final Path DIR = Path.of("data");
    private static final Duration TWO_S = Duration.ofSeconds(2);

    @Test
    void embedded_defaults_are_valid() {
        var s = DatabaseSettings.embedded(DIR);

        assertThat(s.isEmbedded()).isTrue();
        assertThat(s.user()).isEqualTo("tollgate");
        assertThat(s.connectTimeout()).isEqualTo(TWO_S);
    }

    @Test
    void embedded_needs_a_data_dir() {
        assertThatThrownBy(() -> new DatabaseSettings(null, "tollgate", "", null, 0, 5, TWO_S))
                .hasMessageContaining("dataDir");
    }

    @Test
    void rejects_a_non_postgres_jdbc_url() {
        assertThatThrownBy(() -> DatabaseSettings.external("jdbc:h2:mem:x", "sa", ""))
                .hasMessageContaining("jdbcUrl");
    }

    @Test
    void rejects_blank_user_bad_port_pool_size_and_timeout_naming_the_field() {
        assertThatThrownBy(() -> new DatabaseSettings(null, " ", "", DIR, 0, 5, TWO_S)).hasMessageContaining("user");
        assertThatThrownBy(() -> new DatabaseSettings(null, "Bad-Name", "", DIR, 0, 5, TWO_S)).hasMessageContaining("user");
        assertThatThrownBy(() -> new DatabaseSettings(null, "tollgate", "", DIR, 70000, 5, TWO_S)).hasMessageContaining("embeddedPort");
        assertThatThrownBy(() -> new DatabaseSettings(null, "tollgate", "", DIR, 0, 0, TWO_S)).hasMessageContaining("poolSize");
        assertThatThrownBy(() -> new DatabaseSettings(null, "tollgate", "", DIR, 0, 5, Duration.ofMillis(10))).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> new DatabaseSettings(null, "tollgate", "", DIR, 0, 5, null)).hasMessageContaining("connectTimeout");
    }

    @Test
    void to_string_never_shows_the_password() {
        assertThat(DatabaseSettings.external("jdbc:postgresql://db/tollgate", "app", "hunter2").toString())
                .doesNotContain("hunter2");
    }
}
