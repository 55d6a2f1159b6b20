package io.tollgate.integrations;

import io.tollgate.audit.DecisionRecord;

/**
 * A decision answered to a controller.
 *
 * @param record   the decision as committed to the audit log
 * @param replayed true when a retry of the same call found it already recorded (nothing new was decided)
 */
public record ControllerDecision(DecisionRecord record, boolean replayed) {
}
