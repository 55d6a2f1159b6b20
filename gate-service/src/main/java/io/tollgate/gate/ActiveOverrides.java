package io.tollgate.gate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.tollgate.auth.Principal;
import io.tollgate.json.Json;
import java.time.Instant;

/** The overrides a check must show the policy ({@code input.overrides}); implemented by the override package. */
@FunctionalInterface
public interface ActiveOverrides {
    /** No overrides at all (tools and tests without an override store). */
    ActiveOverrides NONE = (service, environment, version, actor, now) -> Json.mapper().createArrayNode();

    /**
     * The overrides in force at {@code now} whose scope matches this check, as policy input objects.
     *
     * @throws io.tollgate.audit.AuditUnavailableException when the store cannot be read (the check answers 503:
     *                                                      deciding without knowing about a freeze is not safe)
     */
    ArrayNode forCheck(String service, String environment, String version, Principal actor, Instant now);
}
