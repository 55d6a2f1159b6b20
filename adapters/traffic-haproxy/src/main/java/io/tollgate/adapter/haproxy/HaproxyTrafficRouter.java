package io.tollgate.adapter.haproxy;

import io.tollgate.adapter.AdapterResult;
import io.tollgate.adapter.Observation;
import io.tollgate.adapter.TrafficRouter;
import io.tollgate.adapter.TrafficTarget;
import io.tollgate.adapter.haproxy.RuntimeApi.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * {@link TrafficRouter} over the HAProxy Runtime API: the share is set as absolute server weights of a
 * {@code balance roundrobin} backend, canary = p·W/100 and stable = W − canary, with
 * {@code set server <backend>/<server> weight <n>}. Effective on the next request; no reload.
 *
 * <p>Calls: apply and reset read {@code show servers state <backend>} (which also proves backend and servers
 * exist), then send at most two {@code set server} commands in the order {@link WeightPlan} chooses; an
 * unchanged weight is not sent again. observe reads {@code show servers state <backend>} only.
 *
 * <p>Mapping: no answer (refused, timed out) → {@link AdapterResult.Failed} retryable / {@link
 * Observation.Unreachable}; unknown backend or server → {@link AdapterResult.NotSupported} (nothing changed) /
 * {@link Observation.CannotVerify}; any other text where HAProxy answers success with an empty line →
 * Failed (not retryable) carrying HAProxy's text. Names outside {@code [A-Za-z0-9_.:-]} are refused as
 * NotSupported, because the Runtime API would read {@code ;} or a newline as a second command.
 *
 * <p>Thread-safe (no shared mutable state; HAProxy serializes the commands). Runtime weights are lost on a
 * HAProxy reload unless they were saved to the {@code server-state-file}: see {@link #persistState()}.
 */
public final class HaproxyTrafficRouter implements TrafficRouter {
    /** The provider name in configuration. */
    public static final String TYPE = "haproxy";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]+");

    private final HaproxyConfig config;
    private final RuntimeApi api;

    public HaproxyTrafficRouter(HaproxyConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.api = new RuntimeApi(config.host(), config.runtimePort(), config.callTimeout());
    }

    @Override
    public String type() {
        return TYPE;
    }

    /**
     * Sets canary weight p·W/100 and stable W − that. NotSupported (nothing changed) for p outside 0..100, a p
     * that W cannot express exactly, bad names, an unknown backend or server; Failed retryable when HAProxy does
     * not answer (after the first of two commands the change may be half applied: retry).
     */
    @Override
    public AdapterResult apply(TrafficTarget target, int canaryPercent) {
        Objects.requireNonNull(target, "target");
        if (canaryPercent < 0 || canaryPercent > 100) {
            return new AdapterResult.NotSupported("canaryPercent must be within 0..100, was " + canaryPercent);
        }
        int w = config.totalWeight();
        if (canaryPercent * w % 100 != 0) {
            return new AdapterResult.NotSupported(canaryPercent + "% is not expressible with total weight " + w
                    + " (canary weight would be " + canaryPercent * w / 100.0 + "); use totalWeight 100");
        }
        return setWeights(target, w - canaryPercent * w / 100, canaryPercent * w / 100, canaryPercent);
    }

    /**
     * The canary's share from {@code srv_uweight}: Observed when both servers are running and in no maintenance
     * or drain mode and the share is a whole percent; CannotVerify when a server is down, starting, stopping, in
     * maintenance or drain, missing, the weights are 0/0, another server of the backend has weight, or the share
     * is not whole; Unreachable when HAProxy does not answer within the call timeout.
     */
    @Override
    public Observation observe(TrafficTarget target) {
        Objects.requireNonNull(target, "target");
        String badName = badName(target);
        if (badName != null) {
            return new Observation.CannotVerify(badName);
        }
        Reply reply = api.call("show servers state " + target.route());
        if (reply instanceof Reply.NoAnswer(String reason)) {
            return new Observation.Unreachable(reason);
        }
        String text = ((Reply.Answer) reply).text();
        ServersState state;
        try {
            state = ServersState.parse(text);
        } catch (IllegalArgumentException e) {
            return new Observation.CannotVerify(unknownBackend(text)
                    ? "HAProxy has no backend '" + target.route() + "'"
                    : "unexpected answer to 'show servers state " + target.route() + "': " + e.getMessage());
        }
        var stable = state.server(target.stable());
        var canary = state.server(target.canary());
        if (stable.isEmpty() || canary.isEmpty()) {
            return new Observation.CannotVerify("backend '" + target.route() + "' has no server '"
                    + (stable.isEmpty() ? target.stable() : target.canary()) + "'");
        }
        for (var s : new ServersState.Server[] {stable.get(), canary.get()}) {
            if (!s.ready()) {
                return new Observation.CannotVerify(target.route() + "/" + s.name() + " is " + s.condition()
                        + ": its weight does not say where traffic goes");
            }
        }
        for (var other : state.servers().values()) {
            if (!other.name().equals(target.stable()) && !other.name().equals(target.canary()) && other.weight() > 0) {
                return new Observation.CannotVerify("backend '" + target.route() + "' has another server with weight: "
                        + other.name() + " (" + other.weight() + ")");
            }
        }
        int sw = stable.get().weight();
        int cw = canary.get().weight();
        int sum = sw + cw;
        String weights = "weights stable " + sw + ", canary " + cw;
        if (sum == 0) {
            return new Observation.CannotVerify(weights + ": the backend sends traffic to neither");
        }
        if (cw * 100 % sum != 0) {
            return new Observation.CannotVerify(weights + ": canary share " + String.format(java.util.Locale.ROOT,
                    "%.2f", cw * 100.0 / sum) + "% is not a whole percent");
        }
        return new Observation.Observed(cw * 100 / sum, weights + " (srv_uweight), both up");
    }

    /** Canary weight 0 and stable W: all traffic to stable. Same outcomes as {@link #apply}. */
    @Override
    public AdapterResult reset(TrafficTarget target) {
        Objects.requireNonNull(target, "target");
        return setWeights(target, config.totalWeight(), 0, 0);
    }

    /**
     * Saves {@code show servers state} (all backends) to the configured state file, atomically (temp file in
     * the same directory, then rename), so that HAProxy restores the runtime weights on its next reload
     * ({@code load-server-state-from-file global}). NotSupported without a state file; Failed when HAProxy does
     * not answer (retryable) or the file cannot be written (not retryable). {@link #apply} and {@link #reset}
     * call it after every change when a state file is configured.
     */
    public AdapterResult persistState() {
        Path file = config.stateFile();
        if (file == null) {
            return new AdapterResult.NotSupported("no stateFile configured");
        }
        Reply reply = api.call("show servers state");
        if (reply instanceof Reply.NoAnswer(String reason)) {
            return new AdapterResult.Failed(reason, true);
        }
        String text = ((Reply.Answer) reply).text();
        try {
            ServersState.parse(text);
        } catch (IllegalArgumentException e) {
            return new AdapterResult.Failed("unexpected answer to 'show servers state': " + e.getMessage(), false);
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            return new AdapterResult.Failed("could not write the server state file " + file + ": " + e, false);
        }
        return new AdapterResult.Applied("server state saved to " + file);
    }

    private AdapterResult setWeights(TrafficTarget target, int stableWeight, int canaryWeight, int percent) {
        String badName = badName(target);
        if (badName != null) {
            return new AdapterResult.NotSupported(badName);
        }
        String be = target.route();
        Reply reply = api.call("show servers state " + be);
        if (reply instanceof Reply.NoAnswer(String reason)) {
            return new AdapterResult.Failed(reason, true);
        }
        String text = ((Reply.Answer) reply).text();
        ServersState state;
        try {
            state = ServersState.parse(text);
        } catch (IllegalArgumentException e) {
            return unknownBackend(text)
                    ? new AdapterResult.NotSupported("HAProxy has no backend '" + be + "'")
                    : new AdapterResult.Failed("unexpected answer to 'show servers state " + be + "': " + e.getMessage(), false);
        }
        var stable = state.server(target.stable());
        var canary = state.server(target.canary());
        if (stable.isEmpty() || canary.isEmpty()) {
            return new AdapterResult.NotSupported("backend '" + be + "' has no server '"
                    + (stable.isEmpty() ? target.stable() : target.canary()) + "'");
        }
        var plan = WeightPlan.of(target.stable(), stable.get().weight(), stableWeight,
                target.canary(), canary.get().weight(), canaryWeight);
        String wanted = be + ": stable " + stableWeight + ", canary " + canaryWeight + " (" + percent + "%)";
        int done = 0;
        for (var step : plan.steps()) {
            String command = "set server " + be + "/" + step.server() + " weight " + step.weight();
            Reply r = api.call(command);
            String partly = done > 0 ? " (partly applied: first change done; retry)" : "";
            if (r instanceof Reply.NoAnswer(String reason)) {
                return new AdapterResult.Failed(reason + partly, true);
            }
            String answer = ((Reply.Answer) r).text().strip();
            if (!answer.isEmpty()) {
                if (done == 0 && (answer.startsWith("No such server") || answer.startsWith("No such backend"))) {
                    return new AdapterResult.NotSupported("'" + command + "': " + answer);
                }
                return new AdapterResult.Failed("'" + command + "': HAProxy answered: " + ServersState.oneLine(answer)
                        + partly, false);
            }
            done++;
        }
        String detail = plan.isEmpty() ? wanted + ", unchanged" : wanted;
        if (config.stateFile() != null && !plan.isEmpty()) {
            AdapterResult saved = persistState();
            if (!(saved instanceof AdapterResult.Applied)) {
                detail += "; in effect, but not saved for reloads: " + describe(saved);
            }
        }
        return new AdapterResult.Applied(detail);
    }

    private static boolean unknownBackend(String answer) {
        String a = answer.strip();
        return a.startsWith("Can't find backend") || a.startsWith("No such backend");
    }

    private static String badName(TrafficTarget t) {
        for (String name : new String[] {t.route(), t.stable(), t.canary()}) {
            if (!NAME.matcher(name).matches()) {
                return "name '" + name + "' is not a plain HAProxy name ([A-Za-z0-9_.:-]+)";
            }
        }
        if (t.stable().equals(t.canary())) {
            return "stable and canary are the same server '" + t.stable() + "'";
        }
        return null;
    }

    private static String describe(AdapterResult r) {
        return switch (r) {
            case AdapterResult.Applied a -> a.detail();
            case AdapterResult.NotSupported n -> n.detail();
            case AdapterResult.Failed f -> f.detail();
        };
    }
}
