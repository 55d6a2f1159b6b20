package io.tollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.support.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/** bin/tollgate: finds a Java 21+, runs the packaged jar, and fails with one clear line (exit 3) otherwise. */
// Runs the packaged jar: only in the surefire execution after package (packaged-cli sets cli.packaged=true).
@EnabledIfSystemProperty(named = "cli.packaged", matches = "true")
class WrapperScriptTest {
    private static final Path WRAPPER = Ports.repoRoot().resolve("bin/tollgate");
    @TempDir
    Path dir;

    /** A PATH holding only the tools the wrapper uses, so no java is found on it by accident. */
    private Path toolsOnly() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("tools"));
        for (String tool : new String[] {"bash", "env", "dirname", "readlink", "sed", "awk", "paste", "head"}) {
            for (String d : new String[] {"/usr/bin", "/bin"}) {
                if (Files.isExecutable(Path.of(d, tool))) {
                    Files.createSymbolicLink(bin.resolve(tool), Path.of(d, tool));
                    break;
                }
            }
        }
        return bin;
    }

    /** A Java home that says it is 17 (its release file) and would fail if it were run. */
    private Path fakeJava17() throws Exception {
        Path home = Files.createDirectories(dir.resolve("jdk-17/bin"));
        Files.writeString(home.getParent().resolve("release"), "JAVA_VERSION=\"17.0.9\"\n");
        Path java = Files.writeString(home.resolve("java"), "#!/bin/sh\necho 'java 17 must not run' >&2\nexit 99\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home.getParent();
    }

    @Test
    void runs_the_cli_on_the_java_21_plus_in_java_home() throws Exception {
        var env = Map.of("PATH", toolsOnly().toString(), "HOME", dir.toString(), "JAVA_HOME", System.getProperty("java.home"),
                "TOLLGATE_CLI_JAR", System.getProperty("cli.jar"));

        var version = Shell.run(dir, env, Duration.ofSeconds(30), WRAPPER.toString(), "--version");
        var refused = Shell.run(dir, Map.of("PATH", env.get("PATH"), "HOME", dir.toString(), "JAVA_HOME", env.get("JAVA_HOME"),
                "TOLLGATE_CLI_JAR", env.get("TOLLGATE_CLI_JAR"), "TOLLGATE_URL", "http://127.0.0.1:1", "TOLLGATE_TOKEN", "tok-123456"),
                Duration.ofSeconds(30), WRAPPER.toString(), "audit", "verify");

        assertThat(version.code()).as(version.log()).isEqualTo(0);
        assertThat(version.log()).startsWith("tollgate ");
        assertThat(refused.code()).isEqualTo(3);
        assertThat(refused.log()).isEqualTo("tollgate: cannot connect to http://127.0.0.1:1: connection refused\n");
    }

    @Test
    void without_a_java_21_plus_it_exits_3_naming_what_it_found() throws Exception {
        Path java17 = fakeJava17();
        var env = new HashMap<String, String>();
        env.put("PATH", toolsOnly().toString());
        env.put("HOME", dir.toString());
        env.put("JAVA_HOME", java17.toString());
        env.put("TOLLGATE_JVM_DIRS", java17.toString());
        env.put("TOLLGATE_CLI_JAR", System.getProperty("cli.jar"));

        var run = Shell.run(dir, env, Duration.ofSeconds(30), WRAPPER.toString(), "--version");

        assertThat(run.code()).isEqualTo(3);
        assertThat(run.log()).isEqualTo("tollgate: needs Java 21 or newer; found: 17 at " + java17
                + ". Install a JDK 21+ or set JAVA_HOME (or TOLLGATE_JAVA_HOME) to one.\n");
    }

    @Test
    void without_the_jar_it_exits_3_saying_how_to_build_it() throws Exception {
        var env = Map.of("PATH", toolsOnly().toString(), "HOME", dir.toString(), "JAVA_HOME", System.getProperty("java.home"),
                "TOLLGATE_CLI_JAR", dir.resolve("missing.jar").toString());

        var run = Shell.run(dir, env, Duration.ofSeconds(30), WRAPPER.toString(), "--version");

        assertThat(run.code()).isEqualTo(3);
        assertThat(run.log()).isEqualTo("tollgate: CLI jar not found (set TOLLGATE_CLI_JAR, or build it: mvn -B -pl cli -am package -DskipTests)\n");
    }
}
