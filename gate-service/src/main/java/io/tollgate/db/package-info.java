/**
 * Database plumbing (configured by {@link io.tollgate.config.DatabaseConfig}): the connection pool, Flyway migrations, the embedded PostgreSQL used
 * when no external database is configured, and the jOOQ code generated from the migrations
 * ({@code io.tollgate.db.generated}, built at compile time, not checked in).
 */
package io.tollgate.db;
