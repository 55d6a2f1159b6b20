package io.tollgate.slo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a {@code slo-definitions/} directory of OpenSLO v1 documents into an {@link SloCatalog}.
 *
 * <p>Validate, then build: every {@code *.yaml} / {@code *.yml} file directly in the directory is read
 * (several documents per file separated by {@code ---}, or a top-level list of objects), every
 * document is checked, references are resolved, and only when no problem at all was found are the
 * records built. Otherwise one {@link SloValidationException} lists every problem.
 */
public final class SloDefinitions {

    private SloDefinitions() {
    }

    /**
     * Loads and validates all definitions in {@code dir}.
     *
     * @param dir the definitions directory; files are named relative to its parent in problems
     *     ({@code slo-definitions/checkout.yaml})
     * @return the catalog, possibly empty when the directory holds no definition file
     * @throws SloValidationException listing every problem when any document is invalid
     * @throws IllegalArgumentException when {@code dir} is not a directory
     * @throws java.io.UncheckedIOException when the directory cannot be listed
     */
    public static SloCatalog load(Path dir) {
        var problems = new ArrayList<String>();
        var defs = new Definitions();
        for (var file : YamlDocuments.files(dir)) {
            for (var doc : YamlDocuments.read(file, YamlDocuments.fileLabel(dir, file), problems)) {
                for (var object : objects(doc)) {
                    DocumentParser.parse(object, defs);
                }
            }
        }
        var slos = SloResolver.resolve(defs);
        if (!problems.isEmpty()) {
            throw new SloValidationException(problems);
        }
        return new SloCatalog(slos);
    }

    private static List<Doc> objects(Doc doc) {
        if (!doc.root.isArray()) {
            return List.of(doc);
        }
        var items = new ArrayList<Doc>();
        for (int i = 0; i < doc.root.size(); i++) {
            items.add(doc.item(i, doc.root.get(i)));
        }
        return items;
    }
}
