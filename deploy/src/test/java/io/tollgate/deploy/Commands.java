package io.tollgate.deploy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Runs a command to its end within a deadline, its output collected (through files: no pipe can fill up and block it). */
final class Commands {
    private Commands() {
    }

    /** What one command did. */
    record Result(int exitCode, String out, String err) {
        /** The output, failing with both streams when the command did not exit 0. */
        String outOrFail() {
            if (exitCode != 0) {
                throw new AssertionError("exit " + exitCode + "\nstderr: " + err + "\nstdout: " + out);
            }
            return out;
        }
    }

    /** Runs {@code builder} with no input; {@code what} names it in failures. Kills it and fails after {@code deadline}. */
    static Result run(ProcessBuilder builder, Duration deadline, String what) {
        try {
            var out = Files.createTempFile("cmd", ".out");
            var err = Files.createTempFile("cmd", ".err");
            try {
                builder.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                var process = builder.start();
                if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError(what + " did not finish within " + deadline);
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + what, e);
        }
    }
}
