package io.tollgate.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tollgate.StartupException;
import io.tollgate.config.DatabaseConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default is private: passwords for every login, secrets and binaries readable by their owner only. */
@Timeout(120)
class EmbeddedSecurityTest {
    @TempDir
    Path root;

    @Test
    void a_login_without_the_password_is_refused_and_the_secrets_are_private() throws Exception {
        Path dataDir = root.resolve("postgres");
        try (var database = Database.open(DatabaseConfig.embedded(dataDir))) {
            Path file = EmbeddedCredentials.fileFor(dataDir);
            assertThat(file).isEqualTo(root.resolve("postgres.credentials"));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            var credentials = EmbeddedCredentials.read(file).orElseThrow();
            assertThat(credentials.port()).isPositive();
            assertThat(credentials.superuserPassword()).hasSizeGreaterThanOrEqualTo(32).isNotEqualTo(credentials.password());

            assertRefusedWithoutPassword(credentials);
            try (var c = DriverManager.getConnection(credentials.jdbcUrl(), "postgres", "wrong")) {
                throw new AssertionError("logged in with a wrong password");
            } catch (SQLException expected) {
                assertThat(expected.getMessage()).contains("password authentication failed");
            }
            try (var c = DriverManager.getConnection(credentials.jdbcUrl(), "postgres", credentials.superuserPassword());
                 var rs = c.createStatement().executeQuery("select rolsuper from pg_roles where rolname = current_user")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean(1)).as("the credentials file opens the database as superuser").isTrue();
            }
            try (var c = DriverManager.getConnection(credentials.jdbcUrl(), "tollgate", credentials.password())) {
                assertThat(c.isValid(2)).isTrue();
            }
            try (var c = database.dataSource().getConnection()) {
                assertThat(c.getMetaData().getUserName()).isEqualTo("tollgate");
            }

            Path binaries = root.resolve("pg-binaries");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(binaries))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(binaries.resolve("zonky")))).isEqualTo("rwx------");
            try (var dirs = Files.list(binaries.resolve("zonky"))) {
                assertThat(dirs.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("PG-"));
            }
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
            assertThat(Files.readString(dataDir.resolve("pg_hba.conf"))).doesNotContainPattern("(?m)^[^#]*\\btrust\\b");
        }
    }

    @Test
    void passwords_stay_the_same_across_restarts() {
        Path dataDir = root.resolve("postgres");
        EmbeddedCredentials first;
        try (var ignored = Database.open(DatabaseConfig.embedded(dataDir))) {
            first = EmbeddedCredentials.read(EmbeddedCredentials.fileFor(dataDir)).orElseThrow();
        }
        try (var ignored = Database.open(DatabaseConfig.embedded(dataDir))) {
            var second = EmbeddedCredentials.read(EmbeddedCredentials.fileFor(dataDir)).orElseThrow();
            assertThat(second.superuserPassword()).isEqualTo(first.superuserPassword());
            assertThat(second.password()).isEqualTo(first.password());
        }
    }

    @Test
    void a_data_directory_of_an_earlier_version_that_trusted_local_logins_is_upgraded_in_place() throws Exception {
        Path dataDir = root.resolve("postgres");
        // what the previous version made: initdb -A trust, no credentials file, plus some data to keep
        try (var legacy = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(root.resolve("legacy-binaries").toFile()).start();
             var c = DriverManager.getConnection(legacy.getJdbcUrl("postgres", "postgres"))) {
            c.createStatement().execute("create schema legacy; create table legacy.marker(x int); insert into legacy.marker values (42)");
        }
        assertThat(PgHba.requiresPassword(dataDir)).isFalse();

        try (var ignored = Database.open(DatabaseConfig.embedded(dataDir))) {
            var credentials = EmbeddedCredentials.read(EmbeddedCredentials.fileFor(dataDir)).orElseThrow();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(EmbeddedCredentials.fileFor(dataDir)))).isEqualTo("rw-------");
            assertThat(PgHba.requiresPassword(dataDir)).isTrue();
            assertRefusedWithoutPassword(credentials);
            try (var c = DriverManager.getConnection(credentials.jdbcUrl(), "postgres", credentials.superuserPassword());
                 var rs = c.createStatement().executeQuery("select x from legacy.marker")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
        // and it starts again as an ordinary password-protected directory
        try (var ignored = Database.open(DatabaseConfig.embedded(dataDir))) {
            assertRefusedWithoutPassword(EmbeddedCredentials.read(EmbeddedCredentials.fileFor(dataDir)).orElseThrow());
        }
    }

    @Test
    void a_second_open_of_the_same_data_directory_fails_naming_the_owner() {
        Path dataDir = root.resolve("postgres");
        try (var ignored = Database.open(DatabaseConfig.embedded(dataDir))) {
            assertThatThrownBy(() -> Database.open(DatabaseConfig.embedded(dataDir)))
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining("is in use by another Tollgate (pid " + ProcessHandle.current().pid() + ")")
                    .hasMessageContaining("TOLLGATE_DATA_DIR");
        }
        // released on close
        try (var again = Database.open(DatabaseConfig.embedded(dataDir))) {
            assertThat(again.dsl()).isNotNull();
        }
    }

    @Test
    void a_password_protected_data_directory_without_its_credentials_file_is_one_clear_error() throws Exception {
        Path dataDir = root.resolve("postgres");
        try (var ignored = Database.open(DatabaseConfig.embedded(dataDir))) {
            // started once
        }
        Files.delete(EmbeddedCredentials.fileFor(dataDir));

        assertThatThrownBy(() -> Database.open(DatabaseConfig.embedded(dataDir)))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("postgres.credentials")
                .hasMessageContaining("is missing")
                .hasMessageContaining("restore it");
    }

    private static void assertRefusedWithoutPassword(EmbeddedCredentials credentials) {
        for (var user : new String[] {"postgres", "tollgate", "nobody"}) {
            assertThatThrownBy(() -> DriverManager.getConnection(credentials.jdbcUrl(), user, "").close())
                    .as("login as %s without a password", user)
                    .isInstanceOf(SQLException.class);
        }
        assertThatThrownBy(() -> DriverManager.getConnection(credentials.jdbcUrl() + "?user=postgres").close())
                .isInstanceOf(SQLException.class).hasMessageContaining("password");
    }
}
