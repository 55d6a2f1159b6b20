package io.tollgate.db;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;

/**
 * The embedded PostgreSQL's generated passwords, kept in a file beside (not inside) its data directory
 * with mode 0600: {@code <dataDir>.credentials}, e.g. {@code .data/postgres.credentials}.
 *
 * <p>The file is rewritten (atomically, through a 0600 temporary file in the same directory) at every
 * start with the port of the running server, so a bench or an operator can connect as the superuser
 * with nothing but this file. The passwords never change once generated: losing the file locks
 * everyone out of the data directory (restore it from backup).
 *
 * @param superuserPassword password of the superuser {@value #SUPERUSER} (migrations, inspection)
 * @param user              the service's login role ({@code database.user})
 * @param password          its password
 * @param port              the port the server listens on now, 0 before it started
 */
public record EmbeddedCredentials(String superuserPassword, String user, String password, int port) {
    public static final String SUPERUSER = "postgres";
    public static final String HOST = "127.0.0.1";
    public static final String DATABASE = "postgres";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Where the credentials of the data directory {@code dataDir} are kept. */
    public static Path fileFor(Path dataDir) {
        var abs = dataDir.toAbsolutePath().normalize();
        return abs.resolveSibling(abs.getFileName() + ".credentials");
    }

    /** New random passwords (192 bits each, URL-safe Base64) for {@code user}. */
    public static EmbeddedCredentials generate(String user) {
        return new EmbeddedCredentials(newPassword(), user, newPassword(), 0);
    }

    /** The stored credentials, or empty when the file does not exist. */
    public static Optional<EmbeddedCredentials> read(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            var p = new Properties();
            p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
            String superPw = p.getProperty("superuserPassword");
            String user = p.getProperty("user");
            String pw = p.getProperty("password");
            if (superPw == null || superPw.isBlank() || user == null || pw == null || pw.isBlank()) {
                throw new IllegalStateException(file + " lacks superuserPassword, user or password");
            }
            return Optional.of(new EmbeddedCredentials(superPw, user, pw, Integer.parseInt(p.getProperty("port", "0"))));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    /** The same passwords for another service role name (a changed {@code database.user}). */
    public EmbeddedCredentials forUser(String user) {
        return user.equals(this.user) ? this : new EmbeddedCredentials(superuserPassword, user, newPassword(), port);
    }

    public EmbeddedCredentials withPort(int port) {
        return new EmbeddedCredentials(superuserPassword, user, password, port);
    }

    /** JDBC URL of the embedded server's {@value #DATABASE} database at {@link #port()}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + DATABASE;
    }

    /** Writes this to {@code file} with mode 0600, replacing it atomically; never readable by others in between. */
    public void write(Path file) {
        String text = """
                # Tollgate's embedded PostgreSQL: generated passwords. Keep this file private (mode 0600).
                # port is where the server listened when Tollgate last started; it is reachable only while Tollgate runs.
                # Inspect: PGPASSWORD=<superuserPassword> psql -h 127.0.0.1 -p <port> -U postgres postgres
                host=%s
                port=%d
                database=%s
                jdbcUrl=%s
                superuser=%s
                superuserPassword=%s
                user=%s
                password=%s
                """.formatted(HOST, port, DATABASE, jdbcUrl(), SUPERUSER, superuserPassword, user, password);
        try {
            var tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                try (var ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                    ch.force(true);
                }
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    /** Never prints a password. */
    @Override
    public String toString() {
        return "EmbeddedCredentials[user=" + user + ", port=" + port + "]";
    }

    private static String newPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
