package io.tollgate.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The embedded PostgreSQL's postmaster of a data directory, as an operator (or the OOM killer) would signal it. */
record Postmaster(long pid) {
    static Postmaster of(Path dataDir) throws IOException {
        return new Postmaster(Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).getFirst().trim()));
    }

    boolean alive() {
        return StalePostmaster.running(pid);
    }

    /** SIGKILL to the postmaster alone, as the OOM killer does; its backends notice and exit by themselves. */
    void kill9() throws IOException, InterruptedException {
        signal("KILL", List.of(pid));
    }

    /** SIGSTOP to the postmaster and every process it started (backends, WAL writer, checkpointer): a frozen server. */
    void stopAll() throws IOException, InterruptedException {
        signal("STOP", all());
    }

    /** SIGCONT to the same. */
    void continueAll() throws IOException, InterruptedException {
        signal("CONT", all());
    }

    private List<Long> all() {
        var pids = new ArrayList<Long>();
        pids.add(pid);
        ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
        return pids;
    }

    private static void signal(String signal, List<Long> pids) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(p -> command.add(Long.toString(p)));
        var kill = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(kill.getInputStream().readAllBytes());
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + signal + " " + pids + " failed: " + out);
        }
    }
}
