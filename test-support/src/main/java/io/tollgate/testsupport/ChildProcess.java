package io.tollgate.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A fixture's child process that fault tests can SIGKILL, freeze (SIGSTOP), thaw and start again with the same
 * command, its output appended to one log file across restarts. Always stop it with {@link #terminate}.
 */
final class ChildProcess {
    private final String name;
    private final List<String> command;
    private final Path log;
    private volatile Process process;

    /** Starts {@code command}; {@code name} (e.g. "opa") appears in failure messages. */
    ChildProcess(String name, List<String> command, Path log) {
        this.name = name;
        this.command = List.copyOf(command);
        this.log = log;
        this.process = launch();
    }

    /** The command it runs. */
    List<String> command() {
        return command;
    }

    /** The process running now (a new one after {@link #relaunch()}). */
    Process current() {
        return process;
    }

    /** SIGKILL, then waits (10 s at most) until it is gone. */
    void kill() {
        var p = process;
        p.destroyForcibly();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " " + p.pid() + " still alive 10 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + name, e);
        }
    }

    /** SIGSTOP. */
    void pause() {
        Signals.stop(process.pid());
    }

    /** SIGCONT. */
    void resume() {
        Signals.resume(process.pid());
    }

    /** Starts the same command again once the previous process is gone. */
    void relaunch() {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " " + process.pid() + " still runs; kill it first");
        }
        process = launch();
    }

    /** SIGCONT (a frozen process would not act on SIGTERM), SIGTERM, then SIGKILL after {@code grace}; reaps it. Idempotent. */
    void terminate(Duration grace) {
        var p = process;
        if (!p.isAlive()) {
            return;
        }
        try {
            Signals.resume(p.pid());
        } catch (IllegalStateException gone) {
            // it ended meanwhile
        }
        p.destroy();
        try {
            if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private Process launch() {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + String.join(" ", command), e);
        }
    }
}
