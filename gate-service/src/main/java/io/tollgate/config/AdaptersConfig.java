package io.tollgate.config;

import io.tollgate.adapter.haproxy.HaproxyConfig;
import io.tollgate.adapter.unleash.UnleashConfig;

/**
 * The systems releases drive, each optional: a provider that is not configured is not registered, and a
 * release naming it is refused (400 on {@code flag.provider} / {@code traffic.provider}). Each section is
 * the provider module's own config record, which validates itself; errors name {@code adapters.<provider>}.
 *
 * @param unleash {@code adapters.unleash}: {@code adminUrl}, {@code adminToken} (an Admin API token),
 *                optional {@code callTimeout} (5s) and {@code project} (default)
 * @param haproxy {@code adapters.haproxy}: {@code host}, {@code runtimePort} (the Runtime API's TCP port,
 *                {@code stats socket ipv4@HOST:PORT level admin}), optional {@code callTimeout} (2s),
 *                {@code totalWeight} (100) and {@code stateFile} (HAProxy's server-state-file, saved after every change)
 */
public record AdaptersConfig(UnleashConfig unleash, HaproxyConfig haproxy) {

    public static AdaptersConfig none() {
        return new AdaptersConfig(null, null);
    }
}
