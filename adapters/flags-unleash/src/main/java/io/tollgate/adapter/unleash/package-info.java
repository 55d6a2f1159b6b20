/**
 * The Unleash flag adapter ({@code type: unleash}), plugged in by {@link io.tollgate.adapter.unleash.UnleashProvider}
 * (ServiceLoader): {@link io.tollgate.adapter.unleash.UnleashFlagRollout}
 * drives a flag's gradual rollout through the Unleash Admin API and reads it back, mapping every remote
 * failure to a value; {@link io.tollgate.adapter.unleash.UnleashConfig} is its self-validating configuration;
 * {@link io.tollgate.adapter.unleash.UnleashShareSampler} checks the served share with the Unleash Java SDK.
 * No HTTP, Jackson or SDK type leaves this package.
 */
package io.tollgate.adapter.unleash;
