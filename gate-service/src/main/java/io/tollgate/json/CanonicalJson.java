package io.tollgate.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
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

    /** The service's parser settings without duplicate detection's hash set: {@link #writeParsedObject} finds duplicates itself. */
    private static final JsonFactory PARSERS = Json.mapper().getFactory().copy().disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private CanonicalJson() {
    }

    /** The canonical text of {@code node}; a Java null or a missing node is written as {@code null}. */
    public static String write(JsonNode node) {
        var out = new StringBuilder(256);
        write(node, out);
        return out.toString();
    }

    /**
     * The canonical text of the JSON document {@code json}, straight from its text: the same result as
     * {@link #write} of the document read with exact numbers (big decimals and integers), without building a
     * tree. Verification re-hashes millions of stored payloads, and reading each into a tree only to write it
     * again cost about half of a record's time. Parsed with the service's limits (nesting depth, lengths); a
     * duplicate key is refused as the mapper refuses it, though found only when the keys are sorted (one
     * comparison per member instead of a hash set per object).
     *
     * @throws UncheckedIOException when {@code json} is not one JSON document
     */
    public static String canonicalize(String json) {
        try (JsonParser p = PARSERS.createParser(json)) {
            var out = new StringBuilder(json.length());
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new IOException("no JSON value");
            }
            writeParsed(p, first, out);
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("not canonicalizable JSON: " + e.getMessage(), e);
        }
    }

    private static void writeParsed(JsonParser p, JsonToken token, StringBuilder out) throws IOException {
        switch (token) {
            case START_OBJECT -> writeParsedObject(p, out);
            case START_ARRAY -> {
                out.append('[');
                boolean first = true;
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    writeParsed(p, t, out);
                }
                out.append(']');
            }
            case VALUE_STRING -> writeString(p.getText(), out);
            // An integer literal is already its exact decimal (JSON has no leading zeros); only -0 differs.
            case VALUE_NUMBER_INT -> out.append(isNegativeZero(p.getText()) ? "0" : p.getText());
            case VALUE_NUMBER_FLOAT -> out.append(canonicalDecimal(p.getDecimalValue()));
            case VALUE_TRUE -> out.append("true");
            case VALUE_FALSE -> out.append("false");
            case VALUE_NULL -> out.append("null");
            default -> throw new IOException("unexpected " + token);
        }
    }

    /**
     * Writes the members in the order they come, remembering where each starts and ends, then rewrites them
     * in sorted order if they were not: inner objects are already canonical by then, so each level costs one copy.
     */
    private static void writeParsedObject(JsonParser p, StringBuilder out) throws IOException {
        int start = out.length();
        out.append('{');
        var members = new ArrayList<Member>();
        boolean sorted = true;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            if (!members.isEmpty()) {
                out.append(',');
                sorted &= members.getLast().name().compareTo(name) < 0;
            }
            int from = out.length();
            writeString(name, out);
            out.append(':');
            writeParsed(p, p.nextToken(), out);
            members.add(new Member(name, from, out.length()));
        }
        if (!sorted) {
            String written = out.substring(start);
            var inOrder = members.toArray(new Member[0]);
            Arrays.sort(inOrder, (a, b) -> a.name().compareTo(b.name()));
            out.setLength(start + 1);
            for (int i = 0; i < inOrder.length; i++) {
                if (i > 0) {
                    if (inOrder[i].name().equals(inOrder[i - 1].name())) {
                        throw new IOException("duplicate key \"" + inOrder[i].name() + "\"");
                    }
                    out.append(',');
                }
                out.append(written, inOrder[i].from() - start, inOrder[i].to() - start);
            }
        }
        out.append('}');
    }

    private record Member(String name, int from, int to) {
    }

    private static boolean isNegativeZero(String integer) {
        return integer.length() > 1 && integer.charAt(0) == '-' && integer.chars().skip(1).allMatch(c -> c == '0');
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
        // Most strings need no escape: copy up to the first character that does in one go.
        int plain = 0;
        while (plain < s.length() && s.charAt(plain) >= 0x20 && s.charAt(plain) != '"' && s.charAt(plain) != '\\') {
            plain++;
        }
        out.append(s, 0, plain);
        for (int i = plain; i < s.length(); i++) {
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
