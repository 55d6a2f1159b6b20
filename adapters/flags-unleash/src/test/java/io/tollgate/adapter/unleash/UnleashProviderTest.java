package io.tollgate.adapter.unleash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tollgate.adapter.AdapterConfigException;
import io.tollgate.adapter.AdapterProviders;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnleashProviderTest {

    private static UnleashConfig bind(Map<String, ?> section) {
        var bound = AdapterProviders.installed().configure("adapters", Map.of("flags", section)).get("flags");
        assertThat(bound.type()).isEqualTo("unleash");
        return ((UnleashProvider.Instance) bound.adapter()).config();
    }

    @Test
    void is_found_on_the_class_path_and_binds_its_section() {
        var config = bind(Map.of("type", "unleash", "adminUrl", "http://127.0.0.1:4242/", "adminToken", "*:*.t",
                "callTimeout", "3s", "project", "shop"));
        assertThat(config).isEqualTo(new UnleashConfig(URI.create("http://127.0.0.1:4242"), "*:*.t", Duration.ofSeconds(3), "shop"));
        assertThat(bind(Map.of("type", "unleash", "adminUrl", "http://h:4242", "adminToken", "t")))
                .isEqualTo(UnleashConfig.defaults(URI.create("http://h:4242"), "t"));
    }

    @Test
    void rejects_bad_keys_naming_them() {
        assertThatThrownBy(() -> bind(Map.of("type", "unleash", "adminToken", "t")))
                .isInstanceOf(AdapterConfigException.class).hasMessage("adapters.flags.adminUrl: required");
        assertThatThrownBy(() -> bind(Map.of("type", "unleash", "adminUrl", "http://h")))
                .hasMessage("adapters.flags.adminToken: required");
        assertThatThrownBy(() -> bind(Map.of("type", "unleash", "adminUrl", "ftp://h", "adminToken", "t")))
                .hasMessageStartingWith("adapters.flags.adminUrl: expected an http or https URL");
        assertThatThrownBy(() -> bind(Map.of("type", "unleash", "adminUrl", "http://h", "adminToken", "t", "project", "a/b")))
                .hasMessageStartingWith("adapters.flags.project: must be an Unleash project id");
        assertThatThrownBy(() -> bind(Map.of("type", "unleash", "adminUrl", "http://h", "adminToken", "a b")))
                .hasMessageStartingWith("adapters.flags.adminToken: must be printable ASCII");
        assertThatThrownBy(() -> bind(Map.of("type", "unleash", "adminUrl", "http://h", "adminToken", "t", "token", "x")))
                .hasMessageStartingWith("adapters.flags.token: unknown key");
    }
}
