package io.tollgate.db;

import io.tollgate.StartupException;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The embedded PostgreSQL, durable and private: one Tollgate per data directory ({@link InstanceLock}),
 * an orphan from a killed run stopped first ({@link StalePostmaster}), password authentication for every
 * connection ({@link PgHba}, passwords in {@link EmbeddedCredentials}), binaries unpacked into a 0700
 * directory beside the data directory ({@code pg-binaries}) instead of the world-writable
 * {@code /tmp/embedded-pg}.
 */
final class EmbeddedServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EmbeddedServer.class.getName());
    /** The embedded library reads this system property for the directory it scans and unpacks into. */
    private static final String ZONKY_WORKING_DIR_PROPERTY = "ot.epg.working-dir";
    private static final Object ZONKY_PROPERTY_LOCK = new Object();
    private static final Duration ORPHAN_STOP_TIMEOUT = Duration.ofSeconds(30);

    private final InstanceLock lock;
    private final Path dataDir;
    private final EmbeddedCredentials credentials;
    /** Replaced by {@link #restart()}; guarded by this object's monitor for replacement and closing. */
    private volatile EmbeddedPostgres postgres;
    private volatile long postmasterPid;
    private boolean closed;

    private EmbeddedServer(InstanceLock lock, Path dataDir, EmbeddedPostgres postgres, EmbeddedCredentials credentials) {
        this.lock = lock;
        this.dataDir = dataDir;
        this.postgres = postgres;
        this.credentials = credentials;
        this.postmasterPid = StalePostmaster.pidIn(dataDir);
    }

    /** The private directory holding the unpacked PostgreSQL binaries for {@code dataDir}. */
    static Path binariesDirFor(Path dataDir) {
        return dataDir.toAbsolutePath().normalize().resolveSibling("pg-binaries");
    }

    static EmbeddedServer start(Path configuredDir, String serviceUser) {
        Path dir = configuredDir.toAbsolutePath().normalize();
        var lock = InstanceLock.acquire(dir);
        Path pwFile = null;
        try {
            StalePostmaster.recover(dir, ORPHAN_STOP_TIMEOUT);
            boolean existing = Files.exists(dir.resolve("postgresql.conf"));
            Path credentialsFile = EmbeddedCredentials.fileFor(dir);
            var stored = EmbeddedCredentials.read(credentialsFile);
            if (existing && stored.isEmpty() && PgHba.requiresPassword(dir)) {
                throw new StartupException("the credentials file " + credentialsFile + " of data directory " + dir
                        + " is missing, so nobody can log in; restore it from backup (it must sit beside the data directory)");
            }
            var credentials = stored.map(c -> c.forUser(serviceUser)).orElseGet(() -> EmbeddedCredentials.generate(serviceUser));
            credentials.write(credentialsFile); // before initdb: a password that was set is never lost
            Path binaries = privateDirectory(binariesDirFor(dir), credentialsFile);
            Files.createDirectories(dir);
            var builder = configured(dir, binaries, credentials);
            if (!existing) {
                // initdb takes these as --auth=… and --pwfile=…: password authentication from the first start on
                pwFile = Files.createTempFile(binaries, "pwfile", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(pwFile, credentials.superuserPassword() + "\n");
                builder.setLocaleConfig("auth", "scram-sha-256").setLocaleConfig("pwfile", pwFile.toString());
            }
            EmbeddedPostgres pg;
            try {
                pg = builder.start();
            } catch (RuntimeException | ExceptionInInitializerError e) {
                // initdb or unpacking failed (disk full, permissions): the library logged the process output
                throw new IOException(StartupException.rootMessage(e), e);
            }
            tighten(binaries.resolve("zonky")); // the library opens its working directory to everyone; nobody else can reach it
            credentials = credentials.withPort(pg.getPort());
            credentials.write(credentialsFile);
            var server = new EmbeddedServer(lock, dir, pg, credentials);
            if (!PgHba.requiresPassword(dir)) {
                server.upgradeToPasswords(dir);
            }
            final var c = credentials;
            LOG.info(() -> "embedded PostgreSQL listening on " + EmbeddedCredentials.HOST + ":" + c.port() + ", "
                    + (existing ? "reusing data in " : "initialised new data directory ") + dir + "; credentials in " + credentialsFile);
            return server;
        } catch (IOException e) {
            lock.close();
            throw new StartupException("could not start the embedded PostgreSQL in " + dir + ": " + StartupException.rootMessage(e)
                    + "; see the log above", e);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        } finally {
            if (pwFile != null) {
                try {
                    Files.deleteIfExists(pwFile);
                } catch (IOException ignored) {
                    // 0600 in a 0700 directory
                }
            }
        }
    }

    /** The library's builder for {@code dir}, durable and password-protected; the port is the library's choice. */
    private static EmbeddedPostgres.Builder configured(Path dir, Path binaries, EmbeddedCredentials credentials) throws IOException {
        return builder(binaries)
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", EmbeddedCredentials.HOST)
                // Durable: the library's defaults turn these off for throwaway test databases, but every
                // decision acknowledged to a caller must survive a crash of the host.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("password_encryption", "scram-sha-256")
                // the library's own start-up probe logs in as the superuser
                .setConnectConfig("password", credentials.superuserPassword());
    }

    EmbeddedCredentials credentials() {
        return credentials;
    }

    /**
     * Whether the postmaster still runs. A stopped (SIGSTOP) one counts as running: it holds the data directory,
     * and it resumes; the driver's timeouts deal with it meanwhile.
     */
    boolean alive() {
        long pid = postmasterPid;
        return pid > 0 ? StalePostmaster.running(pid) : accepts(credentials.port());
    }

    /**
     * Starts PostgreSQL again on the same data directory and port after it died, so the pool's connections
     * simply succeed again (PostgreSQL's crash recovery replays its WAL first: every committed transaction is
     * kept). Idempotent while it runs; does nothing once closed.
     *
     * @throws IOException when it cannot start (the caller retries)
     */
    synchronized void restart() throws IOException {
        if (closed || alive()) {
            return;
        }
        // Leftover backends of the dead postmaster, or a reused pid in postmaster.pid: dealt with before the library
        // (whose stop would signal whatever pid that file names) releases its lock on the directory.
        StalePostmaster.recover(dataDir, ORPHAN_STOP_TIMEOUT);
        var old = postgres;
        try {
            old.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "the dead PostgreSQL's library object did not close cleanly", e);
        }
        try {
            postgres = configured(dataDir, binariesDirFor(dataDir), credentials).setPort(credentials.port()).start();
        } catch (RuntimeException | ExceptionInInitializerError e) {
            throw new IOException(StartupException.rootMessage(e), e);
        }
        postmasterPid = StalePostmaster.pidIn(dataDir);
    }

    /**
     * A data directory from a version that trusted every local connection: set the passwords while the
     * old rules still let the superuser in, then require them and reload. Idempotent, so an upgrade
     * interrupted at any point completes on the next start.
     */
    private void upgradeToPasswords(Path dir) {
        String url = credentials.jdbcUrl();
        try (var conn = DriverManager.getConnection(url, EmbeddedCredentials.SUPERUSER, credentials.superuserPassword())) {
            var ctx = DSL.using(conn, SQLDialect.POSTGRES);
            ctx.execute("set password_encryption = 'scram-sha-256'");
            ctx.execute("alter role {0} password {1}", DSL.name(EmbeddedCredentials.SUPERUSER), DSL.inline(credentials.superuserPassword()));
            PgHba.writePasswordOnly(dir);
            ctx.fetch("select pg_reload_conf()");
        } catch (SQLException e) {
            close();
            throw new StartupException("could not switch the embedded PostgreSQL in " + dir + " to password authentication: "
                    + StartupException.rootMessage(e), e);
        }
        // pg_reload_conf() only signals the postmaster: wait until a login without password is refused
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (var ignored = DriverManager.getConnection(url, EmbeddedCredentials.SUPERUSER, "")) {
                sleep();
            } catch (SQLException refused) {
                LOG.warning(() -> "upgraded " + dir + " from trust to password authentication (scram-sha-256); passwords in "
                        + EmbeddedCredentials.fileFor(dir));
                return;
            }
        }
        close();
        throw new StartupException("the embedded PostgreSQL in " + dir + " still accepts logins without a password after rewriting "
                + "pg_hba.conf; check that file and start again");
    }

    int port() {
        return credentials.port();
    }

    long postmasterPid() {
        return postmasterPid;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not stop embedded PostgreSQL cleanly", e);
        } finally {
            lock.close();
        }
    }

    /**
     * The library takes the directory it scans for old temporary data directories from a system property
     * when the builder is created (it would otherwise be /tmp/embedded-pg); set it just for that moment.
     */
    private static EmbeddedPostgres.Builder builder(Path binaries) throws IOException {
        Path work = Files.createDirectories(binaries.resolve("zonky"));
        EmbeddedPostgres.Builder builder;
        synchronized (ZONKY_PROPERTY_LOCK) {
            String previous = System.getProperty(ZONKY_WORKING_DIR_PROPERTY);
            System.setProperty(ZONKY_WORKING_DIR_PROPERTY, work.toString());
            try {
                builder = EmbeddedPostgres.builder();
            } finally {
                if (previous == null) {
                    System.clearProperty(ZONKY_WORKING_DIR_PROPERTY);
                } else {
                    System.setProperty(ZONKY_WORKING_DIR_PROPERTY, previous);
                }
            }
        }
        // No shutdown hook of the library's own: it would stop PostgreSQL concurrently with Tollgate's hook,
        // before the audit log commits what is queued and publishes its last checkpoint. Tollgate.close()
        // stops it after them (and a start after a crash recovers a PostgreSQL left running).
        return builder.setOverrideWorkingDirectory(work.toFile()).setPgBinaryResolver(new PrivateBinaries(work))
                .setRegisterShutdownHook(false);
    }

    /** Same binaries as the default; a distinct key so the library's per-JVM cache keeps each directory's own copy. */
    private record PrivateBinaries(Path directory) implements PgBinaryResolver {
        @Override
        public InputStream getPgBinary(String system, String machineHardware) throws IOException {
            return DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware);
        }
    }

    /**
     * Creates {@code dir} if needed and makes it 0700; refuses one owned by another user (who could swap the
     * binaries this process runs). {@code ownFile} is a file this process just created: its owner is us.
     */
    private static Path privateDirectory(Path dir, Path ownFile) throws IOException {
        Files.createDirectories(dir);
        Object owner = Files.getAttribute(dir, "unix:uid");
        if (!owner.equals(Files.getAttribute(ownFile, "unix:uid"))) {
            throw new StartupException(dir + " belongs to another user (uid " + owner + "); remove it, or run Tollgate as its owner");
        }
        tighten(dir);
        return dir;
    }

    /** Whether something accepts TCP connections on the port (the fallback when postmaster.pid could not be read). */
    private static boolean accepts(int port) {
        try (var socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(EmbeddedCredentials.HOST, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void tighten(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
