package io.tollgate.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The append-only file of signed checkpoints, one JSON line each, outside the database. Each append is
 * forced to disk before it counts as published. {@link #read} returns every line with what is wrong with it:
 * a damaged, foreign or forged line is never trusted, and never silently skipped either.
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

    /**
     * Every line of the file, each either a checkpoint signed by {@code key} or a problem naming the line. Also a
     * problem: checkpoints that go back (a smaller seq than an earlier line, or the same seq with another head)
     * and a path that is not a regular file. A file that does not exist reads as {@link Contents#missing()}.
     */
    synchronized Contents read(AuditKey.AuditPublicKey key) {
        if (!Files.exists(file)) {
            return new Contents(false, List.of(), List.of());
        }
        if (!Files.isRegularFile(file)) {
            return new Contents(true, List.of(), List.of(file + " is not a regular file; no checkpoint could be read"));
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            return new Contents(true, List.of(), List.of("cannot read " + file + ": " + e.getMessage()));
        }
        var valid = new ArrayList<Checkpoint>();
        var problems = new ArrayList<String>();
        Checkpoint previous = null;
        for (int i = 0; i < lines.size(); i++) {
            String where = file.getFileName() + " line " + (i + 1);
            if (lines.get(i).isBlank()) {
                problems.add(where + ": empty");
                continue;
            }
            Checkpoint c;
            try {
                c = Checkpoint.parse(lines.get(i));
            } catch (IllegalArgumentException e) {
                problems.add(where + ": not a checkpoint (" + e.getMessage() + ")");
                continue;
            }
            if (!key.id().equals(c.keyId())) {
                problems.add(where + ": signed by another key (" + c.keyId() + "), not the service's key " + key.id());
                continue;
            }
            if (!c.verifiedBy(key)) {
                problems.add(where + ": bad signature: the line was edited or forged (seq " + c.seq() + ")");
                continue;
            }
            if (previous != null && !c.sameLogAs(previous)) {
                problems.add(where + ": belongs to another log (log id " + c.logId() + ", earlier lines " + previous.logId() + ")");
            } else if (previous != null && (c.seq() < previous.seq()
                    || c.seq() == previous.seq() && !c.headHash().equals(previous.headHash()))) {
                problems.add(where + ": goes back: seq " + c.seq() + " after seq " + previous.seq()
                        + "; checkpoints only ever extend the previous one");
            }
            valid.add(c);
            previous = c;
        }
        return new Contents(true, valid, problems);
    }

    /** The newest checkpoint in the file signed by {@code key}, or empty (no file, or no valid line). */
    Optional<Checkpoint> latest(AuditKey.AuditPublicKey key) {
        return read(key).newest();
    }

    /**
     * What the file holds.
     *
     * @param exists      false when there is no file at this path
     * @param checkpoints the lines signed by the key, in file order
     * @param problems    each line that is not, each step back, or why nothing could be read
     */
    record Contents(boolean exists, List<Checkpoint> checkpoints, List<String> problems) {
        Contents {
            checkpoints = List.copyOf(checkpoints);
            problems = List.copyOf(problems);
        }

        Optional<Checkpoint> newest() {
            return checkpoints.stream().max(java.util.Comparator.comparingLong(Checkpoint::seq));
        }

        boolean missing() {
            return !exists;
        }
    }
}
