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

    /** Prefix of the annotations Tollgate reads; any other annotation is a note for people. */
    static final String TOLLGATE_PREFIX = "tollgate.io/";

    /** Reads {@code object.metadata} of a top-level object, or of an inline SLI (which has no {@code kind}). */
    static Header parse(Doc doc, JsonNode object, String path, String kind) {
        return metadata(doc, object, path, kind);
    }

    /** Reads an inline object of {@code expectedKind}: checks its {@code kind} and fields, then its metadata. */
    static Header parseInline(Doc doc, JsonNode object, String path, String expectedKind) {
        doc.onlyFields(object, path, Set.of("kind", "metadata", "spec"));
        var kind = doc.text(object, "kind", path, true);
        if (kind != null && !kind.equals(expectedKind)) {
            doc.problem(Doc.join(path, "kind"), "expected " + expectedKind + ", got '" + kind + "'");
        }
        return metadata(doc, object, path, expectedKind);
    }

    private static Header metadata(Doc doc, JsonNode object, String path, String kind) {
        var metaPath = Doc.join(path, "metadata");
        var metadata = doc.object(object, "metadata", path, true);
        doc.onlyFields(metadata, metaPath, Set.of("name", "displayName", "labels", "annotations"));
        if (metadata != null && metadata.has("labels")) {
            doc.problem(Doc.join(metaPath, "labels"), "not supported: Tollgate selects nothing by label and does not "
                    + "copy labels to the generated rules; remove them (annotations are kept as notes)");
        }
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
                var annotationPath = metaPath + ".annotations[" + e.getKey() + "]";
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    doc.problem(annotationPath, "must be a string, got " + Doc.describe(e.getValue()));
                } else if (tollgateAnnotation(doc, annotationPath, e.getKey(), kind)) {
                    annotations.put(e.getKey(), e.getValue().asText());
                }
            });
        }
        return new Header(name, displayName, Map.copyOf(annotations), metaPath);
    }

    /**
     * Whether an annotation may be kept: any annotation outside {@value #TOLLGATE_PREFIX} is a note; one of
     * Tollgate's must be known and on the kind it applies to, so that a typo cannot silently drop a setting.
     */
    private static boolean tollgateAnnotation(Doc doc, String path, String key, String kind) {
        if (!key.startsWith(TOLLGATE_PREFIX)) {
            return true;
        }
        if (!key.equals(AlertParser.SHORT_WINDOW_ANNOTATION)) {
            doc.problem(path, "unknown Tollgate annotation; the only one is " + AlertParser.SHORT_WINDOW_ANNOTATION
                    + " (on an AlertCondition)");
            return false;
        }
        if (!"AlertCondition".equals(kind)) {
            doc.problem(path, "applies only to an AlertCondition, not to this " + kind);
            return false;
        }
        return true;
    }
}
