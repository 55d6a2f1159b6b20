package io.tollgate.slo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Finds the definition files of a directory and splits them into labelled YAML documents. */
final class YamlDocuments {

    private static final ObjectMapper YAML = new ObjectMapper(
            YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    private YamlDocuments() {
    }

    /** The {@code *.yaml} and {@code *.yml} files directly in {@code dir}, sorted by name. */
    static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("not a directory: " + dir);
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().matches(".*\\.ya?ml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /**
     * How a file is named in problems: relative to the parent of {@code dir}
     * ({@code slo-definitions/checkout.yaml}), or as given when {@code dir} has no parent.
     */
    static String fileLabel(Path dir, Path file) {
        var parent = dir.toAbsolutePath().normalize().getParent();
        var absolute = file.toAbsolutePath().normalize();
        return parent == null ? file.toString() : parent.relativize(absolute).toString().replace('\\', '/');
    }

    /**
     * The non-empty documents of one file. A YAML syntax error is reported with its line and column and
     * ends the reading of that file (documents before it are still returned).
     */
    static List<Doc> read(Path file, String fileLabel, List<String> problems) {
        var roots = new ArrayList<JsonNode>();
        try (var parser = YAML.createParser(file.toFile())) {
            while (parser.nextToken() != null) {
                roots.add(YAML.readTree(parser));
            }
        } catch (JsonProcessingException e) {
            problems.add(fileLabel + ": " + syntaxProblem(e));
        } catch (IOException e) {
            problems.add(fileLabel + ": cannot read: " + e.getMessage());
        }
        var docs = new ArrayList<Doc>();
        for (int i = 0; i < roots.size(); i++) {
            var root = roots.get(i);
            if (root == null || root.isNull() || root.isMissingNode()) {
                continue;
            }
            docs.add(new Doc(roots.size() > 1 ? fileLabel + "[" + i + "]" : fileLabel, root, problems));
        }
        return docs;
    }

    /** {@code line L, column C: malformed YAML: <context>: <problem>}, from SnakeYAML's marks when present. */
    private static String syntaxProblem(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            var mark = yaml.getProblemMark();
            var context = yaml.getContext() == null ? "" : yaml.getContext() + ": ";
            return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": malformed YAML: "
                    + context + yaml.getProblem();
        }
        var loc = e.getLocation();
        var where = loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
        return where + "malformed YAML: " + firstLine(e.getOriginalMessage());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        var line = message.strip().lines().findFirst().orElse("unreadable");
        return line.endsWith(";") ? line.substring(0, line.length() - 1) : line;
    }
}
