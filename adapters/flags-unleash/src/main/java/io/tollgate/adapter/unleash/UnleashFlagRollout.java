package io.tollgate.adapter.unleash;

import io.tollgate.adapter.AdapterResult;
import io.tollgate.adapter.FlagRollout;
import io.tollgate.adapter.FlagTarget;
import io.tollgate.adapter.Observation;
import io.tollgate.adapter.unleash.AdminApi.Deadline;
import io.tollgate.adapter.unleash.AdminApi.NoAnswer;
import io.tollgate.adapter.unleash.AdminApi.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link FlagRollout} over the Unleash Admin API (unleash-server 7.x).
 *
 * <p>What it owns on a flag: one {@code flexibleRollout} strategy titled {@value FlagState#OWNER_TITLE} in
 * the target environment, with {@code rollout} = the percentage (a string, as Unleash wants),
 * {@code stickiness: default} and {@code groupId} = the flag's name, so a user's bucket is
 * {@code murmur3(flag + ":" + userId) % 100 + 1} and raising the percentage only ever adds users. And the
 * environment's on/off switch. A flag with any other strategy in that environment is refused with
 * {@link AdapterResult.NotSupported} (apply and reset alike) and left unchanged.
 *
 * <p>Mapping: no HTTP answer (refused, timed out) → {@code Failed(retryable)} / {@link Observation.Unreachable};
 * HTTP 5xx, 408, 429 → {@code Failed(retryable)} / Unreachable; other 4xx → {@code Failed(not retryable)} /
 * {@link Observation.CannotVerify}. Each call has one deadline ({@link UnleashConfig#callTimeout()}) for
 * all its requests. No retries here: the release controller wraps adapters with its own policy.
 * Thread-safe (stateless besides the JDK HttpClient). Close it to release the client.
 */
public final class UnleashFlagRollout implements FlagRollout {
    /** The provider name in release specs and configuration. */
    public static final String TYPE = "unleash";

    private final UnleashConfig config;
    private final AdminApi api;

    public UnleashFlagRollout(UnleashConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.api = new AdminApi(config);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /**
     * Creates the flag if absent (type {@code release}), adds or updates Tollgate's strategy, then turns the
     * environment on — in that order, because enabling a flag with no strategy makes Unleash add a 100%
     * one. {@code percent} 0 keeps the flag on with rollout 0 (nobody); {@link #reset} turns it off.
     */
    @Override
    public AdapterResult apply(FlagTarget target, int percent) {
        if (percent < 0 || percent > 100) {
            return new AdapterResult.NotSupported("percent must be 0..100, was " + percent);
        }
        var deadline = Deadline.in(config.callTimeout());
        var done = new ArrayList<String>();
        try {
            Reply read = api.get(AdminApi.featureEnv(target.feature(), target.environment()), deadline);
            if (read.status() == 404) {
                Reply created = api.post("/features",
                        Map.of("name", target.feature(), "type", "release",
                                "description", "Rolled out gradually by Tollgate"), deadline);
                if (!created.ok() && created.status() != 409) {
                    return failed(created, done);
                }
                done.add(created.status() == 409 ? "flag existed" : "created flag");
                read = api.get(AdminApi.featureEnv(target.feature(), target.environment()), deadline);
                if (read.status() == 404) {
                    return new AdapterResult.Failed(read.describe() + " after creating the flag: is it archived,"
                            + " or is there no environment '" + target.environment() + "' in project " + config.project() + "?", false);
                }
            }
            if (!read.ok()) {
                return failed(read, done);
            }
            var state = FlagState.parse(target.feature(), read.body());
            if (!state.foreign().isEmpty()) {
                return new AdapterResult.NotSupported(where(target) + " has strategies Tollgate does not own: "
                        + state.describeForeign() + "; nothing changed");
            }
            AdapterResult failure = ensureStrategy(target, state, percent, deadline, done);
            if (failure != null) {
                return failure;
            }
            if (!state.enabled()) {
                Reply on = api.post(AdminApi.featureEnv(target.feature(), target.environment()) + "/on", null, deadline);
                if (!on.ok()) {
                    return failed(on, done);
                }
                done.add("turned on");
            }
            return new AdapterResult.Applied(where(target) + " serves " + percent + "%"
                    + (done.isEmpty() ? " (already so)" : ": " + String.join(", ", done)));
        } catch (NoAnswer e) {
            return new AdapterResult.Failed(e.getMessage() + progress(done), true);
        }
    }

    /** Reads the flag back: see the class comment and {@code docs/adapters.md} for what each answer means. */
    @Override
    public Observation observe(FlagTarget target) {
        try {
            Reply read = api.get(AdminApi.featureEnv(target.feature(), target.environment()), Deadline.in(config.callTimeout()));
            if (read.retryable()) {
                return new Observation.Unreachable(read.describe());
            }
            if (read.status() == 404) {
                return new Observation.CannotVerify(where(target) + " not found (" + read.describe() + ")");
            }
            if (!read.ok()) {
                return new Observation.CannotVerify(read.describe());
            }
            var state = FlagState.parse(target.feature(), read.body());
            if (!state.enabled()) {
                // A disabled flag serves nobody, whatever its strategies say.
                return new Observation.Observed(0, where(target) + " is off: serves 0%");
            }
            if (!state.foreign().isEmpty() || state.ours().size() != 1) {
                return new Observation.CannotVerify(where(target) + " is on with " + state.ours().size()
                        + " Tollgate strategies and foreign strategies " + state.describeForeign());
            }
            var ours = state.ours().getFirst();
            int percent = ours.cleanRollout(target.feature());
            if (percent < 0) {
                return new Observation.CannotVerify(where(target) + " is on, but Tollgate's strategy was changed by hand: "
                        + ours.describe());
            }
            return new Observation.Observed(percent, where(target) + " is on with Tollgate's flexibleRollout "
                    + ours.id() + " at " + percent + "% (stickiness default, groupId " + target.feature() + ")");
        } catch (NoAnswer e) {
            return new Observation.Unreachable(e.getMessage());
        }
    }

    /**
     * Turns the flag off in the environment ({@code POST …/off}, idempotent); a flag that does not exist
     * counts as off. Refuses (NotSupported) a flag with foreign strategies: Tollgate does not switch off a
     * flag it does not manage. Strategies stay as they are; the next {@link #apply} sets the rollout
     * before turning the flag on again.
     */
    @Override
    public AdapterResult reset(FlagTarget target) {
        var deadline = Deadline.in(config.callTimeout());
        try {
            Reply read = api.get(AdminApi.featureEnv(target.feature(), target.environment()), deadline);
            if (read.status() == 404) {
                return new AdapterResult.Applied(where(target) + " does not exist: nothing to turn off");
            }
            if (!read.ok()) {
                return failed(read, List.of());
            }
            var state = FlagState.parse(target.feature(), read.body());
            if (!state.foreign().isEmpty()) {
                return new AdapterResult.NotSupported(where(target) + " has strategies Tollgate does not own: "
                        + state.describeForeign() + "; not turned off");
            }
            if (!state.enabled()) {
                return new AdapterResult.Applied(where(target) + " is off (already so)");
            }
            Reply off = api.post(AdminApi.featureEnv(target.feature(), target.environment()) + "/off", null, deadline);
            return off.ok() ? new AdapterResult.Applied(where(target) + " turned off") : failed(off, List.of());
        } catch (NoAnswer e) {
            return new AdapterResult.Failed(e.getMessage(), true);
        }
    }

    @Override
    public void close() {
        api.close();
    }

    /** Adds Tollgate's strategy, or replaces it when it differs; removes duplicates (a lost race). Null when fine. */
    private AdapterResult ensureStrategy(FlagTarget target, FlagState state, int percent, Deadline deadline,
                                         List<String> done) throws NoAnswer {
        var desired = FlagState.desiredStrategy(target.feature(), percent);
        String base = strategiesBase(target);
        if (state.ours().isEmpty()) {
            Reply added = api.post(base, desired, deadline);
            if (!added.ok()) {
                return failed(added, done);
            }
            done.add("added flexibleRollout " + added.body().path("id").asText("?") + " at " + percent + "%");
            return null;
        }
        var keep = state.ours().getFirst();
        for (var extra : state.ours().subList(1, state.ours().size())) {
            Reply removed = api.delete(base + "/" + extra.id(), deadline);
            if (!removed.ok() && removed.status() != 404) {
                return failed(removed, done);
            }
            done.add("removed duplicate strategy " + extra.id());
        }
        int current = keep.cleanRollout(target.feature());
        if (current != percent) {
            Reply replaced = api.put(base + "/" + keep.id(), desired, deadline);
            if (!replaced.ok()) {
                return failed(replaced, done);
            }
            done.add("rollout " + (current < 0 ? keep.parameters().get("rollout") + " (edited by hand)" : current + "%")
                    + " → " + percent + "% on strategy " + keep.id());
        }
        return null;
    }

    private String strategiesBase(FlagTarget target) {
        return AdminApi.featureEnv(target.feature(), target.environment()) + "/strategies";
    }

    private String where(FlagTarget target) {
        return "unleash flag '" + target.feature() + "' in " + config.project() + "/" + target.environment();
    }

    private static AdapterResult failed(Reply reply, List<String> done) {
        return new AdapterResult.Failed(reply.describe() + progress(done), reply.retryable());
    }

    private static String progress(List<String> done) {
        return done.isEmpty() ? "" : " (done before: " + String.join(", ", done) + ")";
    }
}
