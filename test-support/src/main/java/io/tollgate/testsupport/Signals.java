package io.tollgate.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * POSIX signals the JDK cannot send: {@code SIGSTOP} freezes a process as a hung dependency looks from outside
 * (its sockets still accept connections into the backlog, nothing answers), {@code SIGCONT} thaws it. SIGKILL
 * and SIGTERM are {@link Process#destroyForcibly()} and {@link Process#destroy()}.
 */
public final class Signals {
    private Signals() {
    }

    /** Sends SIGSTOP to {@code pid}; fails if {@code kill} does not succeed. */
    public static void stop(long pid) {
        send("-STOP", pid);
    }

    /** Sends SIGCONT to {@code pid}; fails if {@code kill} does not succeed. */
    public static void resume(long pid) {
        send("-CONT", pid);
    }

    private static void send(String signal, long pid) {
        try {
            var kill = new ProcessBuilder("kill", signal, Long.toString(pid)).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new IllegalStateException("kill " + signal + " " + pid + " did not finish within 10 s");
            }
            if (kill.exitValue() != 0) {
                throw new IllegalStateException("kill " + signal + " " + pid + " failed (exit " + kill.exitValue() + "): "
                        + new String(kill.getInputStream().readAllBytes()).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill " + signal + " " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted sending " + signal + " to " + pid, e);
        }
    }
}
