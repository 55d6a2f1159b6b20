package io.tollgate.adapter.unleash;

import io.tollgate.adapter.AdapterProvider;
import io.tollgate.adapter.AdapterSection;
import io.tollgate.adapter.FlagAdapter;
import io.tollgate.adapter.FlagRollout;
import java.time.Duration;

/**
 * The {@code unleash} adapter type (registered in {@code META-INF/services/io.tollgate.adapter.AdapterProvider}): binds
 * {@code adapters.<name>} to an {@link UnleashConfig} and creates an {@link UnleashFlagRollout}.
 */
public final class UnleashProvider implements AdapterProvider {

    @Override
    public String type() {
        return UnleashFlagRollout.TYPE;
    }

    /** Keys: {@code adminUrl}, {@code adminToken} (required), {@code callTimeout}, {@code project}. */
    @Override
    public FlagAdapter configure(AdapterSection section) {
        section.only("adminUrl", "adminToken", "callTimeout", "project");
        var url = section.url("adminUrl");
        String token = section.text("adminToken");
        var timeout = section.duration("callTimeout", UnleashConfig.DEFAULT_CALL_TIMEOUT, Duration.ofMillis(1), Duration.ofMinutes(5));
        String project = section.text("project", UnleashConfig.DEFAULT_PROJECT);
        try {
            return new Instance(new UnleashConfig(url, token, timeout, project));
        } catch (IllegalArgumentException e) {
            // UnleashConfig's own checks (token characters, project id, URL parts) start with the field's name.
            String message = e.getMessage();
            int space = message.indexOf(' ');
            throw section.problem(message.substring(0, space), message.substring(space + 1));
        }
    }

    /** One configured Unleash server. */
    public record Instance(UnleashConfig config) implements FlagAdapter {
        @Override
        public FlagRollout create() {
            return new UnleashFlagRollout(config);
        }
    }
}
