package io.tollgate.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temp directories for fixtures (under {@code java.io.tmpdir}, i.e. {@code target/} in Maven tests). */
public final class TempFiles {
    private TempFiles() {
    }

    /** Creates a new directory whose name starts with {@code prefix}. */
    public static Path createDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temp directory", e);
        }
    }

    /** Deletes {@code dir} and everything below it; missing is fine, failures are ignored (best effort). */
    public static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a leftover temp dir under target/ is harmless
        }
    }
}
