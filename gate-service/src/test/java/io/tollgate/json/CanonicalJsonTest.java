package io.tollgate.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    @Test
    void sorts_object_keys_at_every_depth_and_drops_whitespace() throws Exception {
        var node = json("{ \"b\": 1, \"a\": { \"z\": [ {\"y\": 1, \"x\": 2} ], \"m\": null }, \"c\": true }");

        assertThat(CanonicalJson.write(node)).isEqualTo("{\"a\":{\"m\":null,\"z\":[{\"x\":2,\"y\":1}]},\"b\":1,\"c\":true}");
    }

    @Test
    void the_same_object_with_keys_in_another_order_gives_the_same_text() throws Exception {
        assertThat(CanonicalJson.write(json("{\"x\":{\"q\":1,\"p\":[3,2,1]},\"a\":\"s\"}")))
                .isEqualTo(CanonicalJson.write(json("{\"a\":\"s\",\"x\":{\"p\":[3,2,1],\"q\":1}}")));
    }

    @Test
    void keeps_array_order() throws Exception {
        assertThat(CanonicalJson.write(json("[3,1,2]"))).isEqualTo("[3,1,2]");
    }

    @Test
    void numbers_equal_in_value_have_one_form() throws Exception {
        assertThat(CanonicalJson.write(json("[1, 1.0, 1.00, 1e0, 10E-1]"))).isEqualTo("[1,1,1,1,1]");
        assertThat(CanonicalJson.write(json("[1.50, 1.5, 0.150e1]"))).isEqualTo("[1.5,1.5,1.5]");
        assertThat(CanonicalJson.write(json("[1e2, 100, 100.000, 1E+2]"))).isEqualTo("[100,100,100,100]");
        assertThat(CanonicalJson.write(json("[0, -0, 0.0, -0.0]"))).isEqualTo("[0,0,0,0]");
        assertThat(CanonicalJson.write(json("[0.1, 1e-5, -2.5e-3]"))).isEqualTo("[0.1,0.00001,-0.0025]");
    }

    @Test
    void a_double_and_the_decimal_postgres_keeps_for_it_are_written_alike() {
        var nodes = JsonNodeFactory.instance;
        // Jackson reads 1.50 as a double by default, exactly with USE_BIG_DECIMAL_FOR_FLOATS; jsonb keeps "1.50"
        assertThat(CanonicalJson.write(nodes.numberNode(1.5d)))
                .isEqualTo(CanonicalJson.write(nodes.numberNode(new BigDecimal("1.50"))))
                .isEqualTo("1.5");
        assertThat(CanonicalJson.write(nodes.numberNode(0.1d)))
                .isEqualTo(CanonicalJson.write(nodes.numberNode(new BigDecimal("0.1000"))));
        assertThat(CanonicalJson.write(nodes.numberNode(12L)))
                .isEqualTo(CanonicalJson.write(nodes.numberNode(new BigDecimal("12.0"))));
    }

    @Test
    void large_integers_keep_every_digit() throws Exception {
        assertThat(CanonicalJson.write(json("[12345678901234567890123, -9223372036854775808]")))
                .isEqualTo("[12345678901234567890123,-9223372036854775808]");
    }

    @Test
    void refuses_nan_and_infinity() {
        assertThatThrownBy(() -> CanonicalJson.write(JsonNodeFactory.instance.numberNode(Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalJson.write(JsonNodeFactory.instance.numberNode(Double.POSITIVE_INFINITY)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void escapes_quotes_backslashes_and_control_characters_only() throws Exception {
        var node = JsonNodeFactory.instance.textNode("a\"b\\c\nd\te\u0001f\u001fg/h\u007f");

        assertThat(CanonicalJson.write(node)).isEqualTo("\"a\\\"b\\\\c\\nd\\te\\u0001f\\u001fg/h\u007f\"");
    }

    @Test
    void writes_unicode_as_is_whichever_way_the_input_spelled_it() throws Exception {
        var escaped = json("{\"k\\u00e9y\":\"caf\\u00e9 \\ud83d\\ude80 \\u4e2d\"}");
        var literal = json("{\"kéy\":\"café 🚀 中\"}");

        assertThat(CanonicalJson.write(escaped))
                .isEqualTo(CanonicalJson.write(literal))
                .isEqualTo("{\"kéy\":\"café 🚀 中\"}");
    }

    @Test
    void sorts_keys_by_utf16_code_units() throws Exception {
        // 'Z' < 'a' < 'é' (U+00E9) < '中' (U+4E2D) < '🚀' (surrogate pair D83D..) < U+FF21
        var node = json("{\"\uff21\":6,\"🚀\":5,\"中\":4,\"é\":3,\"a\":2,\"Z\":1}");

        assertThat(CanonicalJson.write(node)).isEqualTo("{\"Z\":1,\"a\":2,\"é\":3,\"中\":4,\"🚀\":5,\"\uff21\":6}");
    }

    @Test
    void writes_null_for_a_missing_value() {
        assertThat(CanonicalJson.write(null)).isEqualTo("null");
        assertThat(CanonicalJson.write(JsonNodeFactory.instance.missingNode())).isEqualTo("null");
    }

    @Test
    void canonicalizing_text_gives_what_writing_the_exactly_read_tree_gives() throws Exception {
        var exact = Json.mapper().readerFor(JsonNode.class).with(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS,
                com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);
        for (String text : java.util.List.of(
                "{\"b\": 1, \"a\": {\"z\": [{\"y\": 1, \"x\": 2}], \"m\": null}, \"c\": true, \"aa\": false}",
                "{\"budget\": 1.5000, \"burn\": 1e2, \"tiny\": -2.5e-3, \"zero\": -0, \"zf\": -0.0, \"big\": 12345678901234567890123}",
                "{\"k\\u00e9y\": \"caf\\u00e9 \\ud83d\\ude80 \\u4e2d\", \"\uff21\": 6, \"🚀\": 5, \"Z\": \"a\\\"b\\\\c\\nd\\te\\u0001\"}",
                "[3, 1, {\"b\": [], \"a\": {}}, \"s\", [[1.0]]]",
                "\"just a string\"", "42", "null",
                "{\"service\": \"checkout\", \"reasons\": [{\"code\": \"x\", \"message\": \"y\"}], \"dry_run\": false}")) {
            assertThat(CanonicalJson.canonicalize(text)).as(text).isEqualTo(CanonicalJson.write(exact.readTree(text)));
        }
    }

    @Test
    void canonicalizing_refuses_a_duplicate_key_and_what_is_not_json() {
        assertThatThrownBy(() -> CanonicalJson.canonicalize("{\"a\": 1, \"b\": 2, \"a\": 3}"))
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("duplicate key");
        assertThatThrownBy(() -> CanonicalJson.canonicalize("{\"a\": ")).isInstanceOf(java.io.UncheckedIOException.class);
        assertThatThrownBy(() -> CanonicalJson.canonicalize("")).isInstanceOf(java.io.UncheckedIOException.class);
    }
}
