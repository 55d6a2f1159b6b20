package io.tollgate.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.audit.AuditEvent;
import io.tollgate.audit.EventKind;
import io.tollgate.audit.EventLog;
import io.tollgate.audit.NewEvent;
import io.tollgate.auth.Principal;

/** A controller's own events (Flagger's {@code event} webhook) kept in the audit log beside the decisions. */
public final class ControllerEvents {
    private final EventLog events;

    public ControllerEvents(EventLog events) {
        this.events = events;
    }

    /**
     * Appends {@code payload} as received, as a {@link EventKind#CONTROLLER_EVENT}.
     *
     * @param subject what it is about, e.g. {@code flagger/podinfo.test}
     * @throws io.tollgate.audit.AuditUnavailableException when it could not be committed
     */
    public AuditEvent record(String subject, Principal actor, JsonNode payload) {
        return events.append(new NewEvent(EventKind.CONTROLLER_EVENT, subject, actor.subject(), "", payload));
    }
}
