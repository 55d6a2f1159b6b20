package io.tollgate.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Set;

/**
 * The embedded server's {@code pg_hba.conf}: every connection, local socket or TCP, must authenticate
 * with a password ({@code scram-sha-256}). Data directories made by earlier versions trusted every
 * local connection and are rewritten to this.
 */
final class PgHba {
    static final String CONTENT = """
            # Written by Tollgate: every connection must authenticate with a password (scram-sha-256).
            # The passwords are in the credentials file beside this data directory (<dataDir>.credentials).
            # TYPE  DATABASE     USER  ADDRESS        METHOD
            local   all          all                  scram-sha-256
            host    all          all   127.0.0.1/32   scram-sha-256
            host    all          all   ::1/128        scram-sha-256
            local   replication  all                  scram-sha-256
            host    replication  all   127.0.0.1/32   scram-sha-256
            host    replication  all   ::1/128        scram-sha-256
            """;
    private static final Set<String> WEAK = Set.of("trust", "password", "md5", "ident", "peer", "reject");

    private PgHba() {
    }

    /** True if every rule of {@code dataDir}'s pg_hba.conf asks for scram-sha-256 (and there is at least one). */
    static boolean requiresPassword(Path dataDir) {
        try {
            var rules = Files.readAllLines(file(dataDir), StandardCharsets.UTF_8).stream()
                    .map(l -> l.replaceAll("#.*", "").trim()).filter(l -> !l.isEmpty()).toList();
            return !rules.isEmpty() && rules.stream().allMatch(r -> {
                var tokens = Arrays.asList(r.split("\\s+"));
                return tokens.contains("scram-sha-256") && tokens.stream().noneMatch(WEAK::contains);
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file(dataDir), e);
        }
    }

    /** Replaces pg_hba.conf (atomically, mode 0600); the server applies it on reload. */
    static void writePasswordOnly(Path dataDir) {
        var target = file(dataDir);
        try {
            var tmp = dataDir.resolve("pg_hba.conf.tollgate-tmp");
            Files.writeString(tmp, CONTENT, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target, e);
        }
    }

    private static Path file(Path dataDir) {
        return dataDir.resolve("pg_hba.conf");
    }
}
