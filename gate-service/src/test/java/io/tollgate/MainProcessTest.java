package io.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The real entry point in its own JVM, as an operator starts it: a bad value ends the process with exit
 * code 2 and one stderr line, with JSON logging installed and no stack trace anywhere.
 */
@Tag("live")
class MainProcessTest {

    @Test
    void a_bad_environment_value_exits_2_with_one_line_and_no_stack_trace() throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        var builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", classpath, Main.class.getName()));
        builder.environment().keySet().removeIf(k -> k.startsWith("TOLLGATE_"));
        builder.environment().put("TOLLGATE_HTTP_PORT", "abc");
        builder.environment().put("TOLLGATE_DATA_DIR", new File(System.getProperty("java.io.tmpdir"), "never-started").toString());

        var process = builder.start();
        process.getOutputStream().close();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exits by itself").isTrue();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(err).isEqualTo(2);
        assertThat(err.lines().filter(l -> l.startsWith("tollgate: invalid configuration:")).toList())
                .containsExactly("tollgate: invalid configuration: server.port: expected a whole number, got \"abc\" (in configuration)");
        assertThat(out + err).doesNotContain("\tat ", "\\tat ", "Exception in thread", "Caused by");
        assertThat(out).doesNotContain("listening");
    }
}
