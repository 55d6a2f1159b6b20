package io.tollgate.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code unleash-server} npm install the tests use: {@code .tools/unleash} of the project (or
 * {@code -Dunleash.home} / {@code UNLEASH_HOME}), installed on first use from the pinned
 * {@code package.json} + {@code package-lock.json} in this module's resources — the same files
 * {@code scripts/bootstrap.sh --for-tests} installs from, so the version is pinned in one place.
 *
 * <p>An install goes to a temp directory beside the target and is moved into place only when
 * {@code npm install} succeeded, under a file lock, so a half-finished or concurrent install is never
 * mistaken for a good one. About 30 s and 190 MB the first time; a version check afterwards.
 */
public final class UnleashInstall {
    static final String RESOURCES = "/io/tollgate/testsupport/unleash/";
    private static final Duration NPM_DEADLINE = Duration.ofMinutes(5);

    private UnleashInstall() {
    }

    /** The pinned {@code unleash-server} version (from the bundled {@code package.json}). */
    public static String pinnedVersion() {
        try (InputStream in = resource("package.json")) {
            return new ObjectMapper().readTree(in).path("dependencies").path("unleash-server").asText();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled unleash package.json", e);
        }
    }

    /** The install directory, installing the pinned version first if it is missing or another version. */
    public static synchronized Path ensureInstalled() {
        Path home = home();
        String wanted = pinnedVersion();
        if (wanted.equals(installedVersion(home))) {
            return home;
        }
        try {
            Files.createDirectories(home.getParent());
            try (var lockFile = FileChannel.open(home.resolveSibling(home.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 var ignored = lockFile.lock()) {
                if (!wanted.equals(installedVersion(home))) { // another JVM may have installed it meanwhile
                    install(home, wanted);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not install unleash-server " + wanted + " into " + home, e);
        }
        return home;
    }

    /** The version in {@code home/node_modules/unleash-server}, or null when absent. */
    static String installedVersion(Path home) {
        Path pkg = home.resolve("node_modules/unleash-server/package.json");
        if (!Files.isRegularFile(pkg)) {
            return null;
        }
        try {
            return new ObjectMapper().readTree(pkg.toFile()).path("version").asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code -Dunleash.home}, {@code UNLEASH_HOME}, else {@code .tools/unleash} of the nearest project root. */
    static Path home() {
        String configured = System.getProperty("unleash.home", System.getenv("UNLEASH_HOME"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("scripts/bootstrap.sh"))) {
                return dir.resolve(".tools/unleash");
            }
        }
        throw new IllegalStateException("no project root (a directory with scripts/bootstrap.sh) at or above "
                + Path.of("").toAbsolutePath() + "; set -Dunleash.home");
    }

    private static void install(Path home, String version) throws IOException {
        Path staging = Files.createTempDirectory(home.getParent(), home.getFileName() + ".installing-");
        try {
            for (String file : List.of("package.json", "package-lock.json")) {
                try (InputStream in = resource(file)) {
                    Files.copy(in, staging.resolve(file));
                }
            }
            Path log = staging.resolve("npm-install.log");
            System.err.println("UnleashInstall: installing unleash-server " + version + " into " + home
                    + " (first run only, about 30 s)");
            var process = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--omit=dev")
                    .directory(staging.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            int exit = await(process, NPM_DEADLINE);
            if (exit != 0 || !version.equals(installedVersion(staging))) {
                throw new IllegalStateException("npm install of unleash-server " + version + " failed (exit " + exit
                        + "); log:\n" + Files.readString(log));
            }
            TempFiles.deleteRecursively(home);
            Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            TempFiles.deleteRecursively(staging);
        }
    }

    private static int await(Process process, Duration deadline) {
        try {
            if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("npm install did not finish within " + deadline);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during npm install", e);
        }
    }

    static InputStream resource(String name) {
        InputStream in = UnleashInstall.class.getResourceAsStream(RESOURCES + name);
        if (in == null) {
            throw new IllegalStateException("missing resource " + RESOURCES + name);
        }
        return in;
    }
}
