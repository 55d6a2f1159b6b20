package io.tollgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.testsupport.PostgresFixture;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OCI image {@code mvn -Pimage package} builds with Jib ({@code gate-service/target/tollgate-image.tar}): its config
 * and layers as written, and Tollgate started from nothing but the image's files, as uid 10001, until it is ready.
 * Runs only with {@code -Pimage} (which builds the archive first and names it in {@code image.tar}).
 */
@Tag("live")
@EnabledIfSystemProperty(named = "image.tar", matches = ".+", disabledReason = "the image is built only with -Pimage")
class ImageTest {
    private static final Duration READY_DEADLINE = Duration.ofSeconds(120);
    private static ImageArchive image;

    @BeforeAll
    static void read() {
        image = ImageArchive.read(Path.of(System.getProperty("image.tar")));
    }

    @Test
    void the_config_runs_tollgate_as_user_10001_on_port_8080_with_its_own_java() {
        var config = image.config();

        assertThat(config.path("User").asText()).isEqualTo("10001:10001");
        assertThat(config.path("ExposedPorts").properties()).extracting(java.util.Map.Entry::getKey).containsExactly("8080/tcp");
        var entrypoint = new ArrayList<String>();
        config.path("Entrypoint").forEach(a -> entrypoint.add(a.asText()));
        assertThat(entrypoint.getFirst()).isEqualTo("/opt/java/bin/java");
        assertThat(entrypoint.getLast()).isEqualTo("io.tollgate.Main");
        assertThat(entrypoint).containsSequence("-cp", "@/app/jib-classpath-file")
                .contains("--enable-native-access=ALL-UNNAMED", "-XX:-ClassUnloadingWithConcurrentMark", "-XX:MaxMetaspaceSize=256m");
        assertThat(image.env()).containsEntry("TOLLGATE_HOST", "0.0.0.0").containsEntry("TOLLGATE_DATA_DIR", "/var/lib/tollgate");
        assertThat(config.path("WorkingDir").asText()).isEqualTo("/var/lib/tollgate");
    }

    @Test
    void the_layers_hold_the_runtime_the_policy_bundle_and_the_user_all_owned_by_root_and_no_shell() {
        var files = image.files();

        assertThat(files).containsKeys("opt/java/bin/java", "opt/java/lib/modules", "lib64/ld-linux-x86-64.so.2",
                "app/resources/policy/bundle.tar.gz", "app/jib-classpath-file", "app/resources/tollgate-defaults.yaml");
        assertThat(files.get("opt/java/bin/java").mode() & 0111).as("java is executable").isEqualTo(0111);
        assertThat(new String(files.get("etc/passwd").content(), StandardCharsets.US_ASCII))
                .contains("tollgate:x:10001:10001:");
        assertThat(files.values()).allSatisfy(f -> assertThat(f.uid()).as(f.path()).isZero());
        assertThat(files).doesNotContainKeys("bin/sh", "usr/bin/sh", "bin/bash");
        assertThat(files.get("var/lib/tollgate").directory()).isTrue();
        assertThat(files.get("var/lib/tollgate").mode() & 0777).as("the state root is writable without an owner").isEqualTo(0777);
        assertThat(files.get("tmp").mode() & 0777).isEqualTo(0777);
    }

    @Test
    void tollgate_starts_from_the_images_files_alone_as_uid_10001_on_a_read_only_root_and_gets_ready(@TempDir Path dir) throws Exception {
        Path root = image.unpack(dir.resolve("rootfs"));
        Files.createDirectories(root.resolve("proc"));
        // The chart's volumes: an emptyDir on /tmp and the state volume, writable by the pod's fsGroup.
        Path tmp = writableDir(dir.resolve("tmp-volume"));
        Path state = writableDir(dir.resolve("state-volume"));
        var db = PostgresFixture.newDatabase("image");
        var roles = db.roles();
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // What a container runtime does with the chart's pod spec: a new mount namespace with the image's root read-only,
        // the volumes over it, its own /proc, the image's working directory, user and environment, then the entrypoint.
        // The network is the host's, so bind loopback only.
        String mounts = "mount=$1; root=$2; tmp=$3; state=$4; shift 4; \"$mount\" --bind \"$root\" \"$root\""
                + " && \"$mount\" -o remount,bind,ro \"$root\" && \"$mount\" --bind \"$tmp\" \"$root/tmp\""
                + " && \"$mount\" --bind \"$state\" \"$root/var/lib/tollgate\" && exec \"$@\"";
        // The environment is the image's alone, so the host's tools are named by their paths.
        String unshare = hostBinary("unshare");
        var command = new ArrayList<>(List.of(unshare, "--mount", hostBinary("sh"), "-c", mounts, "sh", hostBinary("mount"), root.toString(), tmp.toString(),
                state.toString(), unshare, "--mount-proc=/proc", "--root=" + root, "--wd=" + image.config().path("WorkingDir").asText(),
                "--setgid=10001", "--setuid=10001"));
        image.config().path("Entrypoint").forEach(a -> command.add(a.asText()));
        var builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(image.env());
        builder.environment().put("TOLLGATE_HOST", "127.0.0.1");
        builder.environment().put("TOLLGATE_HTTP_PORT", Integer.toString(port));
        builder.environment().put("TOLLGATE_DB_URL", db.jdbcUrl());
        builder.environment().put("TOLLGATE_DB_USER", roles.service());
        builder.environment().put("TOLLGATE_DB_PASSWORD", roles.servicePassword());
        builder.environment().put("TOLLGATE_DB_MIGRATION_USER", roles.owner());
        builder.environment().put("TOLLGATE_DB_MIGRATION_PASSWORD", roles.ownerPassword());
        var log = dir.resolve("tollgate.log");
        builder.redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        var process = builder.start();
        try {
            awaitReady(process, port, log);

            assertThat(uid(process.pid())).as("the service's uid").isEqualTo("10001");
            assertThat(state.resolve("audit-signing.key")).as("the key created on the state volume").exists();
            assertThat(root.resolve("var/lib/tollgate/audit-signing.key")).as("nothing written into the image's root").doesNotExist();
        } finally {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    private static String hostBinary(String name) {
        for (var dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            var candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError(name + " is not on the PATH (util-linux provides unshare)");
    }

    private static Path writableDir(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        return dir;
    }

    private static void awaitReady(Process process, int port, Path log) throws Exception {
        var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).timeout(Duration.ofSeconds(5)).build();
        long end = System.nanoTime() + READY_DEADLINE.toNanos();
        String last = "no answer";
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new AssertionError("Tollgate exited " + process.exitValue() + " before it was ready:\n" + Files.readString(log));
            }
            try {
                var response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not ready within " + READY_DEADLINE + " (last: " + last + "):\n" + Files.readString(log));
    }

    private static String uid(long pid) throws IOException {
        for (var line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("Uid:")) {
                return line.split("\\s+")[1];
            }
        }
        throw new AssertionError("no Uid line in /proc/" + pid + "/status");
    }
}
