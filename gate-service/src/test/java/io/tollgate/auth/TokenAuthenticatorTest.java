package io.tollgate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.config.AuthConfig;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenAuthenticatorTest {
    private final TokenAuthenticator auth = new TokenAuthenticator(new AuthConfig(List.of(
            new AuthConfig.TokenEntry("flagger", "ci", TokenAuthenticator.sha256Hex("tg_secret"))), false));

    private Caller basic(String userAndPassword) {
        return auth.identify(Optional.of("Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void takes_the_password_of_basic_credentials_as_the_token_whatever_the_user_name() {
        assertThat(basic("flagger:tg_secret")).isEqualTo(new Caller.Known(new Principal("flagger", Role.CI)));
        assertThat(basic("anyone:tg_secret")).isInstanceOf(Caller.Known.class);
        assertThat(auth.identify(Optional.of("Bearer tg_secret"))).isInstanceOf(Caller.Known.class);
    }

    @Test
    void refuses_basic_credentials_without_a_known_token_saying_why() {
        assertThat(basic("flagger:wrong")).isEqualTo(new Caller.Anonymous("unknown or revoked token"));
        assertThat(basic("tg_secret")).isEqualTo(new Caller.Anonymous("Basic credentials must be base64 of <user>:<token>"));
        assertThat(basic("flagger:")).isEqualTo(new Caller.Anonymous("Basic credentials must be base64 of <user>:<token>"));
        assertThat(auth.identify(Optional.of("Basic !!not-base64"))).isEqualTo(new Caller.Anonymous("Basic credentials must be base64 of <user>:<token>"));
    }
}
