package io.tollgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code auth.tokens[]}: token subjects are identities and follow the identity rules. */
class AuthConfigTest {
    private static final String HASH = "a".repeat(64);

    @Test
    void refuses_a_subject_with_an_invisible_character_naming_the_key() {
        assertThatThrownBy(() -> new AuthConfig(List.of(new AuthConfig.TokenEntry("ci\u200b-bot", "ci", HASH)), false))
                .isInstanceOf(ConfigException.class)
                .hasMessage("auth.tokens[0].subject: must not contain control, bidi or invisible characters, found U+200B at character 2");
    }

    @Test
    void refuses_a_subject_with_a_bidi_override() {
        assertThatThrownBy(() -> new AuthConfig(List.of(
                new AuthConfig.TokenEntry("ci-bot", "ci", HASH),
                new AuthConfig.TokenEntry("\u202eanad", "admin", "b".repeat(64))), false))
                .hasMessageStartingWith("auth.tokens[1].subject: must not contain control, bidi or invisible characters");
    }

    @Test
    void accepts_visible_subjects() {
        var config = new AuthConfig(List.of(new AuthConfig.TokenEntry("Zoë Müller", "release-manager", HASH)), false);

        assertThat(config.tokens()).hasSize(1);
    }
}
