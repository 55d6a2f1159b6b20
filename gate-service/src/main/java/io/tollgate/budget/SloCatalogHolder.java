package io.tollgate.budget;

import io.tollgate.config.ConfigException;
import io.tollgate.slo.SloCatalog;
import io.tollgate.slo.SloDefinitions;
import io.tollgate.slo.SloValidationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The SLO definitions in force. Loading is validate-then-swap: a reload with invalid definitions
 * keeps the last good catalog and reports every problem, so a typo can never blank out the gates.
 */
public final class SloCatalogHolder {
    private final Path dir;
    private final Clock clock;
    private final AtomicReference<Loaded> current = new AtomicReference<>();

    /** What is in force, and the outcome of the last reload attempt. */
    public record Loaded(SloCatalog catalog, Instant loadedAt, Instant lastAttemptAt, List<String> lastProblems) {
    }

    /**
     * Loads {@code dir} (null: no SLOs at all).
     *
     * @throws ConfigException       {@code slo.definitionsDir} when {@code dir} is not a directory: a bad
     *                                setting, not a bad definition
     * @throws SloValidationException at start-up: the service must not start with invalid definitions
     */
    public SloCatalogHolder(Path dir, Clock clock) {
        if (dir != null && !Files.isDirectory(dir)) {
            throw new ConfigException("slo.definitionsDir", (Files.exists(dir) ? "is not a directory: " : "directory does not exist: ") + dir);
        }
        this.dir = dir;
        this.clock = clock;
        Instant now = clock.instant();
        current.set(new Loaded(read(), now, now, List.of()));
    }

    public SloCatalog catalog() {
        return current.get().catalog();
    }

    public Loaded loaded() {
        return current.get();
    }

    public Path dir() {
        return dir;
    }

    /** Re-reads the directory; on problems keeps the previous catalog and returns them (empty list: swapped in). */
    public List<String> reload() {
        Instant now = clock.instant();
        try {
            SloCatalog fresh = read();
            current.set(new Loaded(fresh, now, now, List.of()));
            return List.of();
        } catch (SloValidationException e) {
            current.updateAndGet(old -> new Loaded(old.catalog(), old.loadedAt(), now, e.problems()));
            return e.problems();
        }
    }

    private SloCatalog read() {
        if (dir == null) {
            return new SloCatalog(List.of());
        }
        if (!Files.isDirectory(dir)) {
            throw new SloValidationException(List.of(dir + ": not a directory"));
        }
        return SloDefinitions.load(dir);
    }
}
