package io.tollgate.db;

import io.tollgate.StartupException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;

/**
 * Recovers an embedded data directory left behind by a Tollgate that died without stopping its
 * PostgreSQL (SIGKILL, OOM killer): the postmaster keeps running as an orphan and holds the directory,
 * so the next start would fail.
 *
 * <p>Called only while holding the {@link InstanceLock}, so no live Tollgate owns the directory. A
 * process is stopped only if it is a {@code postgres} whose command line or {@code postmaster.pid}
 * names this very data directory, and only if the embedded library's own lock ({@code epg-lock}) is
 * free, which rules out a live older Tollgate that does not take the instance lock. It gets SIGINT
 * (PostgreSQL's fast shutdown: it rolls back open transactions and writes a checkpoint) and is
 * waited for. A {@code postmaster.pid} naming a dead process is left for PostgreSQL, which removes it
 * itself; one naming a live process that is not that postgres (a reused pid) is removed.
 */
final class StalePostmaster {
    private static final Logger LOG = Logger.getLogger(StalePostmaster.class.getName());
    private static final String ZONKY_LOCK = "epg-lock";

    private StalePostmaster() {
    }

    /** @throws StartupException when an orphan cannot be stopped within {@code timeout} or another process holds the directory */
    static void recover(Path dataDir, Duration timeout) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + pidFile, e);
        }
        if (lines.isEmpty() || !lines.get(0).trim().matches("-?\\d+")) {
            return; // being written or truncated: PostgreSQL decides
        }
        long pid = Math.abs(Long.parseLong(lines.get(0).trim()));
        if (!running(pid)) {
            LOG.info(() -> "data directory " + dataDir + " has a postmaster.pid of a process that no longer runs (pid " + pid
                    + "); PostgreSQL recovers from it");
            return;
        }
        boolean recordedHere = lines.size() > 1 && samePath(lines.get(1).trim(), dataDir);
        if (!isPostgresOn(pid, dataDir, recordedHere)) {
            LOG.warning(() -> "removing stale " + pidFile + ": pid " + pid + " is now another process");
            try {
                Files.delete(pidFile);
            } catch (IOException e) {
                throw new UncheckedIOException("could not remove stale " + pidFile, e);
            }
            return;
        }
        requireZonkyLockFree(dataDir, pid);
        LOG.warning(() -> "found an orphaned embedded PostgreSQL (pid " + pid + ") on " + dataDir
                + ", left by a Tollgate that did not shut down; stopping it (fast shutdown) before starting");
        signal(pid, "INT");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (running(pid) && System.nanoTime() < deadline) {
            sleep(100);
        }
        if (running(pid)) {
            throw new StartupException("an orphaned PostgreSQL (pid " + pid + ") still runs on " + dataDir + " and did not stop within "
                    + timeout.toSeconds() + "s; stop it (kill " + pid + ") and start Tollgate again");
        }
        LOG.warning(() -> "orphaned embedded PostgreSQL (pid " + pid + ") stopped; recovered " + dataDir);
    }

    /** The postmaster's pid recorded in {@code dataDir}'s {@code postmaster.pid}; 0 when there is none (or it cannot be read). */
    static long pidIn(Path dataDir) {
        try {
            var lines = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            return lines.isEmpty() || !lines.get(0).trim().matches("-?\\d+") ? 0 : Math.abs(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static void requireZonkyLockFree(Path dataDir, long pid) {
        Path lockFile = dataDir.resolve(ZONKY_LOCK);
        if (!Files.exists(lockFile)) {
            return;
        }
        try (var ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new StartupException("data directory " + dataDir + " is in use by a running PostgreSQL (pid " + pid
                        + ") of another process; stop that process first, or give this one another state directory (TOLLGATE_DATA_DIR, or database.dataDir alone)");
            }
            lock.release();
        } catch (IOException e) {
            throw new UncheckedIOException("could not check " + lockFile, e);
        }
    }

    /** Alive and not a zombie (an orphan stopped here may linger as a zombie until its new parent reaps it). */
    static boolean running(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (Files.isReadable(stat)) {
            try {
                String s = Files.readString(stat);
                String afterName = s.substring(s.lastIndexOf(')') + 1).trim();
                return !afterName.startsWith("Z") && !afterName.startsWith("X");
            } catch (IOException | RuntimeException e) {
                return false; // it went away while reading
            }
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static boolean isPostgresOn(long pid, Path dataDir, boolean recordedHere) {
        List<String> args = commandLine(pid);
        if (args.isEmpty() || !Path.of(args.get(0)).getFileName().toString().equals("postgres")) {
            return false;
        }
        for (int i = 0; i < args.size() - 1; i++) {
            if (args.get(i).equals("-D") && samePath(args.get(i + 1), dataDir)) {
                return true;
            }
        }
        return recordedHere;
    }

    private static List<String> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return Arrays.stream(new String(raw, StandardCharsets.UTF_8).split("\0")).filter(a -> !a.isEmpty()).toList();
        } catch (IOException e) {
            return ProcessHandle.of(pid).flatMap(h -> h.info().command()).map(List::of).orElse(List.of());
        }
    }

    private static boolean samePath(String recorded, Path dataDir) {
        try {
            return Path.of(recorded).toAbsolutePath().normalize().equals(dataDir.toAbsolutePath().normalize());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void signal(long pid, String signal) {
        try {
            var kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
            kill.getInputStream().readAllBytes();
            if (kill.waitFor() == 0) {
                return;
            }
        } catch (IOException e) {
            // no kill(1): fall back to SIGTERM below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy); // SIGTERM: PostgreSQL's smart shutdown
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while waiting for an orphaned PostgreSQL to stop");
        }
    }
}
