package io.tollgate.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code promtool} (from PATH or /usr/bin); fails the test clearly when it is missing. */
final class Promtool {

    private Promtool() {
    }

    static Path binary() {
        var path = System.getenv().getOrDefault("PATH", "");
        for (var dir : path.split(java.io.File.pathSeparator)) {
            var candidate = Path.of(dir.isEmpty() ? "." : dir, "promtool");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        var debian = Path.of("/usr/bin/promtool");
        if (Files.isExecutable(debian)) {
            return debian;
        }
        return fail("promtool not found on PATH or at /usr/bin/promtool; install it with "
                + "`apt-get install -y --no-install-recommends prometheus` (see scripts/bootstrap.sh)");
    }

    /** Runs {@code promtool args…}, asserts exit code 0 and returns the combined output. */
    static String succeeds(String... args) {
        var result = run(args);
        assertThat(result.exitCode()).as("promtool %s failed:%n%s", String.join(" ", args), result.output()).isZero();
        return result.output();
    }

    record Result(int exitCode, String output) {
    }

    static Result run(String... args) {
        var command = new ArrayList<>(List.of(binary().toString()));
        command.addAll(List.of(args));
        try {
            var process = new ProcessBuilder(command).redirectErrorStream(true).start();
            var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                return fail("promtool timed out: " + command);
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            return fail("cannot run " + command + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }
}
