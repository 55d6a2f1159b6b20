package io.tollgate.adapter.unleash;

import io.getunleash.DefaultUnleash;
import io.getunleash.EvaluatedToggle;
import io.getunleash.UnleashContext;
import io.getunleash.util.UnleashConfig.Builder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Checks a flag the way an application sees it: builds an Unleash Java SDK client (backend token, client
 * API), evaluates the flag for each sampled user id and reports who gets it. An independent check of
 * what {@link UnleashFlagRollout#observe} reads from the Admin API.
 *
 * <p>Each {@link #sample} builds a fresh client with {@code synchronousFetchOnInitialisation(true)} (the
 * SDK has no "fetch now"), its own backup file in a fresh temp directory, metrics disabled, and shuts it
 * down after. It evaluates with {@code more().evaluateAllToggles(ctx)}, which records no usage metrics.
 * The server's client feed refreshes about once a second, so a sample taken right after a change may
 * still show the previous state: callers compare with an expectation and sample again until a deadline.
 * No SDK type leaves this class.
 */
public final class UnleashShareSampler {
    private final URI clientApiUrl;
    private final String clientToken;
    private final String environment;

    /**
     * @param clientApiUrl the client API, {@code <unleash>/api}
     * @param clientToken  a backend (SDK) token for the flag's project and environment
     * @param environment  the environment the token is for (sent as the context's environment)
     */
    public UnleashShareSampler(URI clientApiUrl, String clientToken, String environment) {
        this.clientApiUrl = Objects.requireNonNull(clientApiUrl, "clientApiUrl");
        this.clientToken = Objects.requireNonNull(clientToken, "clientToken");
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /** Who of {@code userIds} the flag is on for, as one fresh SDK client evaluates it now. */
    public Sample sample(String feature, Collection<String> userIds) {
        Path dir;
        try {
            dir = Files.createTempDirectory("unleash-sdk-");
        } catch (IOException e) {
            throw new UncheckedIOException("no temp directory for the SDK's backup file", e);
        }
        var config = new Builder()
                .appName("tollgate-share-sampler")
                .instanceId("tollgate-sampler-" + UUID.randomUUID())
                .environment(environment)
                .unleashAPI(clientApiUrl)
                .apiKey(clientToken)
                .synchronousFetchOnInitialisation(true)
                .disableMetrics()
                .disablePolling()
                .backupFile(dir.resolve("unleash-backup.json").toString())
                .build();
        var unleash = new DefaultUnleash(config);
        try {
            if (!unleash.more().getFeatureToggleNames().contains(feature)) {
                return new Sample(feature, userIds.size(), Set.of(), false);
            }
            var on = new LinkedHashSet<String>();
            for (String userId : userIds) {
                var context = UnleashContext.builder().userId(userId).environment(environment).build();
                for (EvaluatedToggle toggle : unleash.more().evaluateAllToggles(context)) {
                    if (toggle.getName().equals(feature) && toggle.isEnabled()) {
                        on.add(userId);
                    }
                }
            }
            return new Sample(feature, userIds.size(), Set.copyOf(on), true);
        } finally {
            unleash.shutdown();
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.list(dir)) {
            files.forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a leftover backup file in a temp dir is harmless
        }
        dir.toFile().delete();
    }

    /**
     * One sample: of {@code sampled} user ids, {@code onUserIds} got the flag; {@code known} is false when
     * the SDK did not see the flag at all (then it is off for everybody).
     */
    public record Sample(String feature, int sampled, Set<String> onUserIds, boolean known) {
        /** The share of sampled users the flag is on for, 0.0..1.0. */
        public double share() {
            return sampled == 0 ? 0.0 : (double) onUserIds.size() / sampled;
        }
    }
}
