/**
 * The adapter SPI: one small interface per kind of external system Tollgate drives or reads
 * (feature flags, traffic routing). Implementations live in their own modules under {@code adapters/}
 * (e.g. {@code adapters/flags-unleash}), each with a {@code TYPE} name and a self-validating config record.
 */
package io.tollgate.adapter;
