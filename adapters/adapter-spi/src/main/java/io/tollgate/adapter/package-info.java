/**
 * The adapter SPI: one small interface per kind of external system Tollgate drives ({@link io.tollgate.adapter.TrafficRouter},
 * {@link io.tollgate.adapter.FlagRollout}) or reads ({@link io.tollgate.adapter.MetricsSource}), and the plug-in seam:
 * an {@link io.tollgate.adapter.AdapterProvider} per adapter type, found with {@link java.util.ServiceLoader}, binds its
 * own section of {@code adapters:} ({@link io.tollgate.adapter.AdapterSection}), creates the adapter and names the
 * canary metrics of its data plane ({@link io.tollgate.adapter.CanaryQueries}). Implementations live in their own
 * modules under {@code adapters/}; docs/adapters.md, "Writing an adapter", walks through one.
 */
package io.tollgate.adapter;
