package io.tollgate.gate;

import java.time.Instant;
import java.util.List;

/**
 * A validated gate check: may this version of the service move to {@code stage} in {@code environment}?
 *
 * @param previousStage the stage the release is at now, or null when nothing is rolled out yet
 * @param dryRun        evaluate and record (marked as a dry run) without it counting as a gate pass
 */
public record GateCheckRequest(
        String service,
        String version,
        String environment,
        String stage,
        String previousStage,
        Change change,
        boolean dryRun) {

    /**
     * Facts about the change being released. {@code labels} mark e.g. emergency or security fixes.
     *
     * @param committedAt when the change was committed, or null when the caller did not say (lead time needs it)
     */
    public record Change(String commit, String pipeline, String author, List<String> approvals, List<String> labels,
                         Instant committedAt) {
        public Change {
            approvals = List.copyOf(approvals);
            labels = List.copyOf(labels);
        }

        /** Without a commit time. */
        public Change(String commit, String pipeline, String author, List<String> approvals, List<String> labels) {
            this(commit, pipeline, author, approvals, labels, null);
        }
    }
}
