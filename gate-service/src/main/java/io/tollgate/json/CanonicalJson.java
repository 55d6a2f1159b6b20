package io.tollgate.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Map;

/**
 * Canonical JSON text for hashing: the same JSON value always gives the same characters, however it
 * was produced and wherever it has been stored in between.
 *
 * <p>Why each rule: a hash over JSON is only reproducible if formatting choices that do not change
 * the value cannot change the text. PostgreSQL {@code jsonb} reorders object keys, drops whitespace
 * and may keep or change the spelling of numbers ({@code 1.50}, {@code 1e2}), and Jackson reads a
 * number back as a double or a BigDecimal depending on configuration. So (close to RFC 8785):
 * <ul>
 *   <li>object keys are sorted by UTF-16 code units ({@link String#compareTo}) at every depth;</li>
 *   <li>no insignificant whitespace;</li>
 *   <li>every number is written as its exact decimal value with trailing zeros stripped, in plain
 *       (non-exponent) notation: {@code 1}, {@code 1.0} and {@code 1e0} all become {@code 1},
 *       {@code 1.50} becomes {@code 1.5}; NaN and infinities are refused (JSON has none);</li>
 *   <li>strings escape only {@code "}, {@code \} and control characters below U+0020 (the short
 *       forms {@code \b \f \n \r \t}, else {@code \}{@code u00XX} in lowercase hex); everything
 *       else, including non-ASCII, is written as is and encoded as UTF-8 by the caller.</li>
 * </ul>
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    /** The canonical text of {@code node}; a Java null or a missing node is written as {@code null}. */
    public static String write(JsonNode node) {
        var out = new StringBuilder(256);
        write(node, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            writeObject(node, out);
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out);
            }
            out.append(']');
        } else if (node.isTextual()) {
            writeString(node.textValue(), out);
        } else if (node.isNumber()) {
            out.append(number(node));
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else {
            // binary / POJO nodes never come out of parsing JSON text; refuse rather than guess
            throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
        }
    }

    private static void writeObject(JsonNode node, StringBuilder out) {
        var fields = new ArrayList<>(node.properties());
        fields.sort(Map.Entry.comparingByKey());
        out.append('{');
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            writeString(fields.get(i).getKey(), out);
            out.append(':');
            write(fields.get(i).getValue(), out);
        }
        out.append('}');
    }

    /** Canonical form of a number node: exact decimal, trailing zeros stripped, never exponent notation. */
    static String number(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
            throw new IllegalArgumentException("JSON has no NaN or infinity: " + node.doubleValue());
        }
        // decimalValue() of a double goes through Double.toString, i.e. the shortest decimal that
        // reads back as the same double -- the same digits Jackson writes and PostgreSQL stores.
        return canonicalDecimal(node.decimalValue());
    }

    static String canonicalDecimal(BigDecimal value) {
        if (value.signum() == 0) {
            return "0";
        }
        return value.stripTrailingZeros().toPlainString();
    }

    /** Appends {@code s} as a quoted JSON string with the minimal, fixed escaping described above. */
    public static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
