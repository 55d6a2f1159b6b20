package io.tollgate.adapter;

/**
 * One validated adapter instance, not yet connected: what {@link AdapterProvider#configure} answers. The core creates
 * the adapter itself once, on first use, and closes it at shutdown.
 */
public sealed interface ConfiguredAdapter permits TrafficAdapter, FlagAdapter {
}
