package io.tollgate.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * The append-only file of signed checkpoints, one JSON line each, outside the database. Each append is
 * forced to disk before it counts as published. Reading takes the newest line whose signature verifies:
 * a damaged or forged line is skipped, never trusted.
 */
public final class CheckpointFile {
    private final Path file;

    public CheckpointFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    synchronized void append(Checkpoint checkpoint) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (var channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap((checkpoint.toLine() + "\n").getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the checkpoint file " + file, e);
        }
    }

    /** The newest checkpoint in the file signed by {@code key}, or empty (no file, or no valid line). */
    synchronized Optional<Checkpoint> latest(AuditKey.AuditPublicKey key) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint file " + file, e);
        }
        for (int i = lines.size() - 1; i >= 0; i--) {
            try {
                var checkpoint = Checkpoint.parse(lines.get(i));
                if (checkpoint.verifiedBy(key)) {
                    return Optional.of(checkpoint);
                }
            } catch (IllegalArgumentException skipped) {
                // a torn or foreign line: the previous one may still be good
            }
        }
        return Optional.empty();
    }
}
