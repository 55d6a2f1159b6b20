package io.tollgate.slo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code kind} check and {@code metadata} of an OpenSLO object (top-level or inline).
 *
 * @param name {@code metadata.name}, null when missing or invalid
 * @param displayName {@code metadata.displayName} or null
 * @param annotations {@code metadata.annotations} with string values
 * @param path the path of {@code metadata}, for problems about annotations
 */
record Header(String name, String displayName, Map<String, String> annotations, String path) {

    /** RFC 1123 label, as OpenSLO asks for {@code metadata.name}. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    /**
     * Reads {@code object.metadata}; when {@code expectedKind} is not null, also checks
     * {@code object.kind} (for inline objects) and the allowed top-level fields.
     */
    static Header parse(Doc doc, JsonNode object, String path, String expectedKind) {
        if (expectedKind != null) {
            doc.onlyFields(object, path, Set.of("kind", "metadata", "spec"));
            var kind = doc.text(object, "kind", path, true);
            if (kind != null && !kind.equals(expectedKind)) {
                doc.problem(Doc.join(path, "kind"), "expected " + expectedKind + ", got '" + kind + "'");
            }
        }
        var metaPath = Doc.join(path, "metadata");
        var metadata = doc.object(object, "metadata", path, true);
        doc.onlyFields(metadata, metaPath, Set.of("name", "displayName", "labels", "annotations"));
        var name = doc.text(metadata, "name", metaPath, metadata != null);
        if (name != null && !NAME.matcher(name).matches()) {
            doc.problem(Doc.join(metaPath, "name"), "must be a DNS label (lowercase letters, digits and '-', "
                    + "at most 63 characters), got '" + name + "'");
            name = null;
        }
        var displayName = doc.text(metadata, "displayName", metaPath, false);
        var annotations = new LinkedHashMap<String, String>();
        var annotationsNode = doc.object(metadata, "annotations", metaPath, false);
        if (annotationsNode != null) {
            annotationsNode.fields().forEachRemaining(e -> {
                if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                    annotations.put(e.getKey(), e.getValue().asText());
                } else {
                    doc.problem(metaPath + ".annotations[" + e.getKey() + "]",
                            "must be a string, got " + Doc.describe(e.getValue()));
                }
            });
        }
        return new Header(name, displayName, Map.copyOf(annotations), metaPath);
    }
}
