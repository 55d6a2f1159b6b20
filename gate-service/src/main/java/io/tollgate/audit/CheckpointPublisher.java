package io.tollgate.audit;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Publishes signed checkpoints of the newest signed record to the {@link CheckpointFile}: every interval
 * when the log grew, on demand ({@code GET /v1/audit/checkpoint}), and once more on close.
 */
final class CheckpointPublisher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CheckpointPublisher.class.getName());

    private final EventStore store;
    private final CheckpointFile file;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private Checkpoint lastPublished;

    CheckpointPublisher(EventStore store, CheckpointFile file, Duration interval, Clock clock) {
        this.store = store;
        this.file = file;
        this.clock = clock;
        this.lastPublished = file.latest(store.key().publicKey()).orElse(null);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("tollgate-checkpoints").unstarted(r));
        timer.scheduleWithFixedDelay(this::publishQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Publishes a checkpoint of the newest signed record if it is newer than the last one; returns the latest. */
    synchronized Optional<Checkpoint> publish() {
        var head = store.newestSigned();
        if (head.isEmpty()) {
            return Optional.ofNullable(lastPublished);
        }
        if (lastPublished == null || lastPublished.seq() < head.get().seq()) {
            var checkpoint = Checkpoint.sign(head.get().seq(), head.get().hash(), clock.instant(), store.key());
            file.append(checkpoint);
            lastPublished = checkpoint;
        }
        return Optional.of(lastPublished);
    }

    /** The newest checkpoint in the file that verifies, or empty. */
    Optional<Checkpoint> latest() {
        return file.latest(store.key().publicKey());
    }

    private void publishQuietly() {
        try {
            publish();
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
