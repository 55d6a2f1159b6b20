package io.tollgate.release;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.tollgate.observability.Log;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Runs release steps as db-scheduler tasks on the service's PostgreSQL: one {@code release-step} row per release
 * (instance id = release id), re-armed for its next step and removed when the release needs none. db-scheduler
 * picks a due row for exactly one instance (an optimistic update of {@code scheduled_tasks.version}), and a picked
 * row whose instance died is revived after its heartbeats stop; the release row's own version guards the rest.
 * A {@code release-sweep} task re-arms any release that needs steps but lost its row (e.g. a wake-up raced a
 * running step).
 */
public final class ReleaseScheduler implements AutoCloseable {
    static final String TASK = "release-step";
    private static final Logger LOG = Logger.getLogger(ReleaseScheduler.class.getName());

    private final Scheduler scheduler;
    private final CustomTask<Void> step;
    private final ReleaseStore store;

    public ReleaseScheduler(DataSource dataSource, ReleaseController controller, ReleaseStore store, Duration pollInterval) {
        this.store = store;
        this.step = Tasks.custom(TASK, Void.class)
                .onDeadExecutionRevive()
                .onFailureReschedule(FixedDelay.ofSeconds(1))
                .execute((instance, ctx) -> {
                    UUID id = UUID.fromString(instance.getId());
                    var next = controller.run(id);
                    return next.<CompletionHandler<Void>>map(at -> (done, ops) -> ops.reschedule(done, at))
                            .orElse((done, ops) -> ops.remove());
                });
        RecurringTask<Void> sweep = Tasks.recurring("release-sweep", FixedDelay.of(Duration.ofSeconds(5)))
                .execute((instance, ctx) -> rearm());
        this.scheduler = Scheduler.create(dataSource, step)
                .startTasks(sweep)
                .pollingInterval(pollInterval)
                .heartbeatInterval(Duration.ofSeconds(1))
                .missedHeartbeatsLimit(4)
                .threads(4)
                .enableImmediateExecution()
                .shutdownMaxWait(Duration.ofSeconds(5))
                .build();
    }

    public void start() {
        scheduler.start();
        rearm();
    }

    /**
     * Makes sure the release's step runs now (a control action changed it); harmless if it is already due. Never
     * throws: if the row stays busy, the running step re-reads the release anyway and the sweep re-arms it.
     */
    public void wake(UUID id) {
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                if (scheduler.scheduleIfNotExists(step.instance(id.toString()), Instant.now())
                        || scheduler.reschedule(TaskInstanceId.of(TASK, id.toString()), Instant.now())) {
                    return;
                }
            } catch (RuntimeException e) {
                // Picked or re-armed by a running step at this very moment (db-scheduler's own version check): try again.
            }
            try {
                Thread.sleep(50); // picked right now: its own next read sees the change; retry so a removal cannot lose it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        Log.warn(LOG, "release step busy, left to the sweep", Map.of("releaseId", id));
    }

    private void rearm() {
        for (UUID id : store.needingSteps()) {
            scheduler.scheduleIfNotExists(step.instance(id.toString()), Instant.now());
        }
    }

    @Override
    public void close() {
        scheduler.stop();
    }
}
