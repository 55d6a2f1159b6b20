package io.tollgate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The Kubernetes objects {@code helm template} printed, read back as JSON trees. */
record Rendered(List<JsonNode> objects) {
    private static final ObjectMapper YAML = new YAMLMapper();

    /** Parses helm's multi-document YAML; empty documents (a template that rendered nothing) are skipped. */
    static Rendered parse(String yaml) {
        var objects = new ArrayList<JsonNode>();
        try (var parser = new YAMLFactory().createParser(yaml)) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                var node = it.next();
                if (node != null && node.isObject() && !node.isEmpty()) {
                    objects.add(node);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("helm printed YAML that does not parse", e);
        }
        return new Rendered(List.copyOf(objects));
    }

    /** Every object of {@code kind}. */
    List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    /** The one object of {@code kind}; fails when there is none or more than one. */
    JsonNode only(String kind) {
        var found = ofKind(kind);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + ", found " + found.size() + " among " + kinds());
        }
        return found.getFirst();
    }

    /** The kinds rendered, in order. */
    List<String> kinds() {
        return objects.stream().map(o -> o.path("kind").asText()).toList();
    }

    /** The pod template's first container of the Deployment or StatefulSet. */
    JsonNode container() {
        return workload().path("spec").path("template").path("spec").path("containers").path(0);
    }

    /** The Deployment or the StatefulSet. */
    JsonNode workload() {
        var found = objects.stream().filter(o -> List.of("Deployment", "StatefulSet").contains(o.path("kind").asText())).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one Deployment or StatefulSet, found " + kinds());
        }
        return found.getFirst();
    }

    /** The container's environment variable {@code name}, as rendered (value or valueFrom). */
    JsonNode env(String name) {
        for (var e : container().path("env")) {
            if (e.path("name").asText().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no environment variable " + name + " in " + container().path("env"));
    }
}
