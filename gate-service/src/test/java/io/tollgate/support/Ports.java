package io.tollgate.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

/** Small helpers for tests that wire real processes together. */
public final class Ports {
    private Ports() {
    }

    /** A loopback port that was free a moment ago (also a port nothing listens on). */
    public static int free() {
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository root (set by the Maven build; falls back to the parent of the module directory). */
    public static Path repoRoot() {
        String root = System.getProperty("tollgate.root");
        return root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
    }

    /** A test resource directory as a path. */
    public static Path resourceDir(String name) {
        try {
            return Path.of(Ports.class.getClassLoader().getResource(name).toURI());
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource " + name + " not found", e);
        }
    }
}
