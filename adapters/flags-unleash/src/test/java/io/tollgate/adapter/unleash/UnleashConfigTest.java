package io.tollgate.adapter.unleash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnleashConfigTest {
    private static final URI URL = URI.create("http://127.0.0.1:4242");

    @Test
    void rejects_bad_fields_naming_the_field() {
        assertThatThrownBy(() -> UnleashConfig.defaults(null, "*:*.t")).hasMessageContaining("adminUrl");
        assertThatThrownBy(() -> UnleashConfig.defaults(URI.create("ftp://h/"), "*:*.t"))
                .hasMessageContaining("adminUrl must be an http or https URL");
        assertThatThrownBy(() -> UnleashConfig.defaults(URI.create("http://h/?x=1"), "*:*.t"))
                .hasMessageContaining("adminUrl must not have a query");
        assertThatThrownBy(() -> UnleashConfig.defaults(URL, null)).hasMessageContaining("adminToken");
        assertThatThrownBy(() -> UnleashConfig.defaults(URL, "  ")).hasMessageContaining("adminToken must not be blank");
        assertThatThrownBy(() -> UnleashConfig.defaults(URL, "*:*.abc\n")).hasMessageContaining("adminToken must be printable");
        assertThatThrownBy(() -> UnleashConfig.defaults(URL, "t").withCallTimeout(Duration.ZERO)).hasMessageContaining("callTimeout");
        assertThatThrownBy(() -> UnleashConfig.defaults(URL, "t").withCallTimeout(Duration.ofHours(1))).hasMessageContaining("callTimeout");
        assertThatThrownBy(() -> UnleashConfig.defaults(URL, "t").withProject("a/b")).hasMessageContaining("project");
    }

    @Test
    void drops_a_trailing_slash_and_never_prints_the_token() {
        var config = UnleashConfig.defaults(URI.create("http://h:4242/unleash/"), "*:*.secret-value");
        assertThat(config.adminUrl()).isEqualTo(URI.create("http://h:4242/unleash"));
        assertThat(config.toString()).doesNotContain("secret-value").contains("adminToken=***");
    }

    @Test
    void murmur3_matches_the_reference_vectors() {
        assertThat(Murmur3.hash32("", 0)).isZero();
        assertThat(Murmur3.hash32("hello", 0)).isEqualTo(0x248bfa47);
        assertThat(Murmur3.hash32("The quick brown fox jumps over the lazy dog", 0)).isEqualTo(0x2e4ff723);
    }
}
