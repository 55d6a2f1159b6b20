package io.tollgate.plan;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.tollgate.release.ReleaseScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Plan steps as db-scheduler tasks on the release engine's scheduler (one {@code plan-step} row per plan, instance id =
 * plan id, re-armed for its next look and removed when the plan is settled), so exactly one instance runs a plan's step
 * at a time and a step whose instance died is revived. A {@code plan-sweep} re-arms every unsettled plan without a row.
 * The tasks are built first and handed to the scheduler; {@link #bind} connects them to the controller before it starts.
 */
public final class PlanScheduler {
    static final String TASK = "plan-step";

    private final CustomTask<Void> step;
    private final RecurringTask<Void> sweep;
    private final PlanStore store;
    private volatile PlanController controller;
    private volatile SchedulerClient client;

    public PlanScheduler(PlanStore store) {
        this.store = store;
        this.step = Tasks.custom(TASK, Void.class)
                .onDeadExecutionRevive()
                .onFailureReschedule(FixedDelay.ofSeconds(1))
                .execute((instance, ctx) -> {
                    var next = controller.run(UUID.fromString(instance.getId()));
                    return next.<CompletionHandler<Void>>map(at -> (done, ops) -> ops.reschedule(done, at))
                            .orElse((done, ops) -> ops.remove());
                });
        this.sweep = Tasks.recurring("plan-sweep", FixedDelay.of(Duration.ofSeconds(5))).execute((instance, ctx) -> rearm());
    }

    public List<Task<?>> tasks() {
        return List.of(step);
    }

    public List<RecurringTask<Void>> startTasks() {
        return List.of(sweep);
    }

    /** Connects the tasks to the scheduler they were registered with and to the controller; before the scheduler starts. */
    public void bind(SchedulerClient client, PlanController controller) {
        this.client = client;
        this.controller = controller;
    }

    /** Makes sure the plan's step runs now; never throws (the sweep re-arms a plan whose row stayed busy). */
    public void wake(UUID id) {
        ReleaseScheduler.wake(client, step, id);
    }

    private void rearm() {
        for (UUID id : store.needingSteps()) {
            client.scheduleIfNotExists(step.instance(id.toString()), Instant.now());
        }
    }
}
