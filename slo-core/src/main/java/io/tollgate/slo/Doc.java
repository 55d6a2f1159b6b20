package io.tollgate.slo;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One YAML document being validated: its label ({@code slo-definitions/checkout.yaml[2]}), its root node
 * and the shared problem list. The typed getters report a problem and return null instead of throwing,
 * so one pass collects every problem.
 */
final class Doc {

    final String label;
    final JsonNode root;
    private final List<String> problems;

    Doc(String label, JsonNode root, List<String> problems) {
        this.label = label;
        this.root = root;
        this.problems = problems;
    }

    /** The {@code index}th object of a top-level list, labelled {@code <label>[<index>]}. */
    Doc item(int index, JsonNode node) {
        return new Doc(label + "[" + index + "]", node, problems);
    }

    void problem(String path, String message) {
        problems.add(label + ": " + (path.isEmpty() ? "(document)" : path) + ": " + message);
    }

    /** How many problems the whole load has found so far (to tell whether a step added any). */
    int problemCount() {
        return problems.size();
    }

    static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** Reports every field of {@code node} not in {@code allowed}. */
    void onlyFields(JsonNode node, String path, Set<String> allowed) {
        if (node == null || !node.isObject()) {
            return;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            var field = it.next();
            if (!allowed.contains(field)) {
                problem(join(path, field), "unknown field (expected one of: " + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
    }

    /** The object at {@code parent.field}; null (with a problem if required or not an object) otherwise. */
    JsonNode object(JsonNode parent, String field, String path, boolean required) {
        var node = present(parent, field, path, required);
        if (node != null && !node.isObject()) {
            problem(join(path, field), "must be a mapping, got " + describe(node));
            return null;
        }
        return node;
    }

    /** The list at {@code parent.field}; empty (with a problem if required or not a list) otherwise. */
    List<JsonNode> list(JsonNode parent, String field, String path, boolean required) {
        var node = present(parent, field, path, required);
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            problem(join(path, field), "must be a list, got " + describe(node));
            return List.of();
        }
        var items = new ArrayList<JsonNode>();
        node.forEach(items::add);
        return items;
    }

    String text(JsonNode parent, String field, String path, boolean required) {
        var node = present(parent, field, path, required);
        if (node == null) {
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            problem(join(path, field), "must be a non-empty string, got " + describe(node));
            return null;
        }
        return node.asText();
    }

    Double number(JsonNode parent, String field, String path, boolean required) {
        var node = present(parent, field, path, required);
        if (node == null) {
            return null;
        }
        if (!node.isNumber()) {
            problem(join(path, field), "must be a number, got " + describe(node));
            return null;
        }
        return node.asDouble();
    }

    Boolean bool(JsonNode parent, String field, String path, boolean required) {
        var node = present(parent, field, path, required);
        if (node == null) {
            return null;
        }
        if (!node.isBoolean()) {
            problem(join(path, field), "must be true or false, got " + describe(node));
            return null;
        }
        return node.asBoolean();
    }

    Duration duration(JsonNode parent, String field, String path, boolean required) {
        var node = present(parent, field, path, required);
        if (node == null) {
            return null;
        }
        try {
            return Durations.parse(node.isTextual() ? node.asText() : node.toString());
        } catch (IllegalArgumentException e) {
            problem(join(path, field), e.getMessage());
            return null;
        }
    }

    private JsonNode present(JsonNode parent, String field, String path, boolean required) {
        var node = parent == null ? null : parent.get(field);
        if (node == null || node.isNull()) {
            if (required && parent != null) {
                problem(join(path, field), "required");
            }
            return null;
        }
        return node;
    }

    static String describe(JsonNode node) {
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        var text = node.isTextual() ? "'" + node.asText() + "'" : node.toString();
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
}
