package io.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.config.DatabaseConfig;
import io.tollgate.db.Database;
import io.tollgate.support.Ports;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A valid configuration in an environment that prevents the start: exit code 3, one stderr line naming the
 * problem and what to do, nothing on stdout (no URL, no token), and nothing left running.
 */
@Timeout(120)
class MainStartupFailureTest {
    @TempDir
    Path dir;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void safeDefaults() {
        env.put("TOLLGATE_HTTP_PORT", "0");
        env.put("TOLLGATE_DATA_DIR", dir.toString()); // the state root: the database is in <dir>/postgres
    }

    @Test
    void a_port_in_use_is_one_line_and_exit_3_and_releases_the_database() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            env.put("TOLLGATE_HTTP_PORT", Integer.toString(taken.getLocalPort()));

            var result = run();

            assertOneLine(result, "cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ");
            assertThat(result.err()).contains("TOLLGATE_HTTP_PORT");
        }
        try (var again = Database.open(DatabaseConfig.embedded(dir.resolve("postgres")))) {
            assertThat(again.dsl()).as("the data directory was released").isNotNull();
        }
    }

    @Test
    void a_data_directory_held_by_another_instance_is_one_line_naming_it() {
        try (var other = Database.open(DatabaseConfig.embedded(dir.resolve("postgres")))) {
            var result = run();

            assertOneLine(result, "data directory " + dir.resolve("postgres") + " is in use by another Tollgate (pid "
                    + ProcessHandle.current().pid() + ")");
        }
    }

    @Test
    void an_unreachable_external_database_is_one_line_and_exit_3() {
        env.put("TOLLGATE_DB_URL", "jdbc:postgresql://127.0.0.1:" + Ports.free() + "/tollgate");

        var result = run();

        assertOneLine(result, "database jdbc:postgresql://127.0.0.1:");
        assertThat(result.err()).contains("is unreachable as user tollgate", "database.url");
    }

    private static void assertOneLine(Result result, String expected) {
        assertThat(result.code()).as(result.err()).isEqualTo(Main.CANNOT_START);
        assertThat(result.out()).as("no URL or token unless listening").isEmpty();
        assertThat(result.err().lines().toList()).as(result.err()).hasSize(1).first().asString()
                .startsWith(Main.CANNOT_START_PREFIX + expected);
        assertThat(result.err()).doesNotContain("\tat ", "Exception");
    }

    private record Result(int code, String out, String err) {
    }

    private Result run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
