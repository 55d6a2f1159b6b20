/**
 * Database plumbing (configured by {@link io.tollgate.config.DatabaseConfig}): the connection pool, Flyway migrations, the embedded PostgreSQL used
 * when no external database is configured, and the jOOQ code generated from the migrations
 * ({@code io.tollgate.db.generated}, built at compile time, not checked in).
 *
 * <p>The embedded server ({@code EmbeddedServer}) is private and recoverable: generated passwords in
 * {@link io.tollgate.db.EmbeddedCredentials} (a 0600 file beside the data directory), password-only
 * {@code pg_hba.conf} ({@code PgHba}), one instance per data directory ({@code InstanceLock}), and an
 * orphaned postmaster from a killed run stopped before starting ({@code StalePostmaster}), and one that dies while
 * the service runs started again on the same data directory and port ({@code EmbeddedSupervisor}).
 *
 * <p>Least privilege ({@code ServiceRole}): the schema's owner migrates and grants; the service's own login may only
 * read and append to the audit log, and start-up refuses one that could erase it.
 */
package io.tollgate.db;
