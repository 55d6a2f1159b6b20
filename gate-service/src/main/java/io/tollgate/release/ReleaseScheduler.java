package io.tollgate.release;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.tollgate.observability.Log;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
        this(dataSource, controller, store, pollInterval, List.of(), List.of());
    }

    /**
     * With more tasks on the same db-scheduler (release plans' steps and sweep): one scheduler per database table, as an
     * instance that does not know a task name would pick its rows and leave them stuck.
     */
    public ReleaseScheduler(DataSource dataSource, ReleaseController controller, ReleaseStore store, Duration pollInterval,
                            List<Task<?>> moreTasks, List<RecurringTask<Void>> moreStartTasks) {
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
        var known = new ArrayList<Task<?>>(List.of(step));
        known.addAll(moreTasks);
        var startTasks = new ArrayList<RecurringTask<Void>>(List.of(sweep));
        startTasks.addAll(moreStartTasks);
        this.scheduler = Scheduler.create(dataSource, known)
                .startTasks(startTasks)
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
        wake(scheduler, step, id);
    }

    /** The scheduler the release steps run on, for other tasks registered with it. */
    public SchedulerClient client() {
        return scheduler;
    }

    /** Makes sure {@code task}'s row for {@code id} runs now (see {@link #wake(UUID)}); shared with the plan steps. */
    public static void wake(SchedulerClient scheduler, CustomTask<Void> task, UUID id) {
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                if (scheduler.scheduleIfNotExists(task.instance(id.toString()), Instant.now())
                        || scheduler.reschedule(TaskInstanceId.of(task.getName(), id.toString()), Instant.now())) {
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
        Log.warn(LOG, "step busy, left to the sweep", Map.of("task", task.getName(), "id", id));
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
