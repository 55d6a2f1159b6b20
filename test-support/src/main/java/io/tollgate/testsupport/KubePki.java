package io.tollgate.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The control plane's key material, made with {@code openssl} (about 1 s): a CA, a serving certificate for
 * 127.0.0.1/localhost signed by it, the service-account signing key pair, and a static token file with one
 * {@code system:masters} admin and {@link #USERS} plain users that hold no rights until a test binds a Role to them
 * (the token file is read once at start-up, so the users are made up front).
 */
final class KubePki {
    /** How many plain users the token file holds ({@code tollgate-user-0} ...). */
    static final int USERS = 16;

    final Path dir;
    final String adminToken;
    final List<KubeUser> users;

    private KubePki(Path dir, String adminToken, List<KubeUser> users) {
        this.dir = dir;
        this.adminToken = adminToken;
        this.users = users;
    }

    static KubePki generate(Path dir) {
        openssl(dir, "genrsa", "-out", "ca.key", "2048");
        openssl(dir, "req", "-x509", "-new", "-nodes", "-key", "ca.key", "-subj", "/CN=tollgate-test-ca", "-days", "3650",
                "-out", "ca.crt");
        openssl(dir, "genrsa", "-out", "apiserver.key", "2048");
        openssl(dir, "req", "-new", "-key", "apiserver.key", "-subj", "/CN=kube-apiserver", "-out", "apiserver.csr");
        write(dir.resolve("apiserver.ext"), "subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,"
                + "DNS:kubernetes.default,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\n");
        openssl(dir, "x509", "-req", "-in", "apiserver.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "3650", "-extfile", "apiserver.ext", "-out", "apiserver.crt");
        openssl(dir, "genrsa", "-out", "sa.key", "2048");
        openssl(dir, "rsa", "-in", "sa.key", "-pubout", "-out", "sa.pub");
        String admin = randomToken();
        var lines = new StringBuilder(admin + ",admin,admin-uid,system:masters\n");
        var users = new ArrayList<KubeUser>();
        for (int i = 0; i < USERS; i++) {
            var user = new KubeUser("tollgate-user-" + i, randomToken());
            users.add(user);
            lines.append(user.token()).append(',').append(user.name()).append(',').append(user.name()).append("-uid\n");
        }
        write(dir.resolve("tokens.csv"), lines.toString());
        return new KubePki(dir, admin, List.copyOf(users));
    }

    Path caCert() {
        return dir.resolve("ca.crt");
    }

    private static String randomToken() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void openssl(Path dir, String... args) {
        var command = new ArrayList<String>();
        command.add("openssl");
        command.addAll(List.of(args));
        try {
            var p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed: " + new String(out).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run openssl (install the Debian package 'openssl')", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running openssl", e);
        }
    }
}
