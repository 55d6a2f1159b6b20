package io.tollgate.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlaygroundOptionsTest {

    @Test
    void reads_every_option_and_keeps_the_defaults_for_the_rest() {
        var o = Playground.Options.parse(new String[] {"--env-file", "/tmp/p.env", "--scrape", "127.0.0.1:8080", "--scrape", "127.0.0.1:9"});
        assertThat(o.envFile()).isEqualTo(Path.of("/tmp/p.env"));
        assertThat(o.extraTargets()).isEqualTo(List.of("127.0.0.1:8080", "127.0.0.1:9"));
        assertThat(o.rps()).isEqualTo(40);
        assertThat(o.service()).isEqualTo("checkout");
        assertThat(o.extraServices()).isEmpty();
    }

    @Test
    void extra_services_are_kept_in_order_and_must_be_haproxy_backend_names() {
        var o = Playground.Options.parse(new String[] {"--env-file", "f", "--extra-service", "inventory", "--extra-service", "checkout-v2"});
        assertThat(o.extraServices()).isEqualTo(List.of("inventory", "checkout-v2"));
        assertThatThrownBy(() -> Playground.Options.parse(new String[] {"--env-file", "f", "--extra-service", "a b"}))
                .hasMessageContaining("--extra-service must be");
        assertThatThrownBy(() -> Playground.Options.parse(new String[] {"--env-file", "f", "--extra-service", "checkout"}))
                .hasMessageContaining("already the --service");
    }

    @Test
    void bad_arguments_are_refused_naming_the_option() {
        assertThatThrownBy(() -> Playground.Options.parse(new String[] {"--rps", "10"})).hasMessageContaining("--env-file");
        assertThatThrownBy(() -> Playground.Options.parse(new String[] {"--env-file", "f", "--rps", "many"})).hasMessageContaining("--rps");
        assertThatThrownBy(() -> Playground.Options.parse(new String[] {"--env-file", "f", "--scrape", "0.0.0.0:80"}))
                .hasMessageContaining("--scrape must be 127.0.0.1:PORT");
        assertThatThrownBy(() -> Playground.Options.parse(new String[] {"--env-file"})).hasMessageContaining("--env-file needs a value");
        assertThatThrownBy(() -> Playground.Options.parse(new String[] {"--env-file", "f", "--verbose", "x"})).hasMessageContaining("unknown option --verbose");
    }
}
