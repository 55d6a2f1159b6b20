package io.tollgate.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdapterSectionTest {
    private static AdapterSection section(Map<String, ?> values) {
        return new AdapterSection("adapters.edge", values);
    }

    @Test
    void reads_typed_values_and_accepts_text_from_the_environment() {
        var s = section(Map.of("host", "127.0.0.1", "port", "9999", "weight", 7, "timeout", "250ms", "on", "true",
                "names", List.of("a", "b"), "nested", Map.of("rule", "main")));
        assertThat(s.text("host")).isEqualTo("127.0.0.1");
        assertThat(s.integer("port", 1, 65535)).isEqualTo(9999);
        assertThat(s.integer("weight", 100, 1, 256)).isEqualTo(7);
        assertThat(s.duration("timeout", Duration.ofSeconds(2), Duration.ofMillis(1), Duration.ofMinutes(1)))
                .isEqualTo(Duration.ofMillis(250));
        assertThat(s.bool("on", false)).isTrue();
        assertThat(s.texts("names", List.of())).containsExactly("a", "b");
        assertThat(s.section("nested").text("rule")).isEqualTo("main");
        assertThat(s.section("nested").prefix()).isEqualTo("adapters.edge.nested");
        assertThat(s.name()).isEqualTo("edge");
    }

    @Test
    void absent_keys_take_the_fallback_and_null_counts_as_absent() {
        var values = new HashMap<String, Object>();
        values.put("stateFile", null);
        var s = section(values);
        assertThat(s.path("stateFile")).isNull();
        assertThat(s.integer("totalWeight", 100, 1, 256)).isEqualTo(100);
        assertThat(s.text("project", "default")).isEqualTo("default");
        assertThat(s.has("stateFile")).isFalse();
    }

    @Test
    void every_error_is_one_line_naming_the_full_key() {
        var s = section(Map.of("port", "x", "big", 70000, "timeout", "soon", "url", "ftp://h", "list", "a", "extra", 1));
        assertThatThrownBy(() -> s.text("host")).hasMessage("adapters.edge.host: required");
        assertThatThrownBy(() -> s.integer("port", 1, 65535)).hasMessage("adapters.edge.port: expected a whole number, got \"x\"");
        assertThatThrownBy(() -> s.integer("big", 1, 65535)).hasMessage("adapters.edge.big: must be in 1..65535, got 70000");
        assertThatThrownBy(() -> s.duration("timeout", null, Duration.ZERO, Duration.ofMinutes(1)))
                .hasMessage("adapters.edge.timeout: " + DurationText.EXPECTED + ", got \"soon\"");
        assertThatThrownBy(() -> s.url("url")).hasMessageStartingWith("adapters.edge.url: expected an http or https URL");
        assertThatThrownBy(() -> s.texts("list", List.of())).hasMessage("adapters.edge.list: expected a list");
        assertThatThrownBy(() -> s.only("port", "big", "timeout", "url", "list"))
                .isInstanceOf(AdapterConfigException.class)
                .hasMessage("adapters.edge.extra: unknown key; known: big, list, port, timeout, url");
    }
}
