package io.tollgate.audit;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jooq.exception.DataAccessException;

/**
 * Publishes signed checkpoints of the newest signed record to the {@link CheckpointFile} (and its copy in the
 * database, {@link CheckpointMirror}): every interval when the log grew, on demand ({@code GET /v1/audit/checkpoint}),
 * and once more on close. A new checkpoint is signed only when {@link LogIntegrity} finds the chain intact up to
 * the newest checkpoint known and the records since then linked to it: checkpoints only ever extend each other.
 */
final class CheckpointPublisher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CheckpointPublisher.class.getName());

    private final EventStore store;
    private final CheckpointFile file;
    private final CheckpointMirror mirror;
    private final LogIntegrity integrity;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private Checkpoint lastPublished;
    /** True once this process appended to the file: its disappearance is then certain, not a guess. */
    private volatile boolean wroteToFile;

    CheckpointPublisher(EventStore store, CheckpointFile file, CheckpointMirror mirror, LogIntegrity integrity, Duration interval,
                        Clock clock) {
        this.store = store;
        this.file = file;
        this.mirror = mirror;
        this.integrity = integrity;
        this.clock = clock;
        var contents = file.read(store.key().publicKey());
        contents.problems().forEach(p -> LOG.warning("audit checkpoint file: " + p));
        this.lastPublished = contents.newest().orElse(null);
        integrity.trust(lastPublished);
        try {
            trustTheDatabaseCopy();
            integrity.check();
        } catch (DataAccessException e) {
            LOG.warning("could not check the audit log against its checkpoints at start (checked again before each append): "
                    + AuditFailures.firstLine(e));
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("tollgate-checkpoints").unstarted(r));
        timer.scheduleWithFixedDelay(this::publishQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Publishes a checkpoint of the newest signed record if it is newer than the last one; returns the latest.
     *
     * @throws AuditTamperedException when the chain lost or changed checkpointed records (nothing is signed)
     */
    synchronized Optional<Checkpoint> publish() {
        trustTheDatabaseCopy();
        String problem = integrity.check();
        if (problem != null) {
            throw new AuditTamperedException(problem);
        }
        var head = store.newestSigned();
        if (head.isEmpty()) {
            return Optional.ofNullable(lastPublished);
        }
        var base = integrity.trusted();
        if (base.isPresent() && base.get().seq() < head.get().seq()) {
            integrity.requireExtends(base.get(), head.get());
        }
        if (lastPublished == null || lastPublished.seq() < head.get().seq()) {
            var checkpoint = Checkpoint.sign(store.logId().orElse(null), head.get().seq(), head.get().hash(),
                    clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS), store.key());
            try {
                file.append(checkpoint);
            } catch (java.io.UncheckedIOException e) {
                throw new AuditUnavailableException(e.getMessage() + ": " + e.getCause().getMessage(), e);
            }
            wroteToFile = true;
            lastPublished = checkpoint;
            integrity.trust(checkpoint);
            mirror.record(checkpoint);
        }
        return Optional.of(lastPublished);
    }

    /**
     * Every checkpoint verify compares the log with (the file's newest line, the database copy's newest, the last one
     * this process published), with where each came from, and what is wrong with the checkpoints themselves: bad lines
     * in the file, a file that vanished or lost lines the database says were published to it, a forged database copy.
     */
    synchronized Evidence evidence() {
        var key = store.key().publicKey();
        var contents = file.read(key);
        var problems = new ArrayList<>(contents.problems());
        var against = new LinkedHashMap<Checkpoint, String>();
        contents.newest().ifPresent(c -> against.put(c, "checkpoint file"));
        if (lastPublished != null) {
            against.putIfAbsent(lastPublished, "published by this service");
        }
        if (contents.missing() && wroteToFile) {
            problems.add("the checkpoint file " + file.path() + " is gone: this service published checkpoints to it (newest at seq "
                    + lastPublished.seq() + ")");
        }
        mirror.newestInThisFile().ifPresent(recorded -> {
            var c = recorded.verified(key);
            if (c.isEmpty()) {
                problems.add("audit_checkpoint seq " + recorded.seq() + ": not a checkpoint signed by the service's key "
                        + key.id() + " (forged or edited in the database)");
            } else if (contents.newest().map(n -> n.seq() < c.get().seq()).orElse(true)) {
                problems.add("the checkpoint file " + file.path() + (contents.missing() ? " is gone" : " lost lines")
                        + ": the database records a checkpoint published to it at seq " + c.get().seq() + ", the file's newest is "
                        + contents.newest().map(n -> "seq " + n.seq()).orElse("none"));
                against.putIfAbsent(c.get(), "database copy of the checkpoint file");
            }
        });
        mirror.newest().flatMap(r -> r.verified(key)).ifPresent(c -> against.putIfAbsent(c, "database copy (audit_checkpoint)"));
        return new Evidence(against, problems);
    }

    /** Checkpoints to compare the log with, each with its source, and problems found in the checkpoints themselves. */
    record Evidence(Map<Checkpoint, String> checkpoints, List<String> problems) {
    }

    /** Another replica's newer checkpoint in the database copy raises the bar too (it is checked like a file line). */
    private void trustTheDatabaseCopy() {
        mirror.newest().flatMap(r -> r.verified(store.key().publicKey())).ifPresent(integrity::trust);
    }

    private void publishQuietly() {
        try {
            publish();
        } catch (AuditTamperedException e) {
            // LogIntegrity logged it; appends are refused until the log is restored.
        } catch (RuntimeException e) {
            // The database or the disk is down; the next tick tries again, and verify reports what it can see.
            LOG.log(Level.WARNING, "could not publish an audit checkpoint: " + e.getMessage());
        }
    }

    /** Stops the timer and publishes a last checkpoint, so a restart finds the head it left. */
    @Override
    public void close() {
        timer.shutdownNow();
        publishQuietly();
    }
}
