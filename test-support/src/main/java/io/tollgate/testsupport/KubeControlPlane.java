package io.tollgate.testsupport;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real Kubernetes control plane for tests: {@code etcd} 3.6 and {@code kube-apiserver} v1.37.2 (built by
 * {@code scripts/k8s-tools.sh} into {@code .tools/k8s/}) as children of the test JVM on free 127.0.0.1 ports, with
 * TLS, a static token file and RBAC on. No controllers run: namespaces get no default ServiceAccount, nothing
 * writes route status, and deleted namespaces stay Terminating (tests use fresh namespaces instead).
 *
 * <p>{@link #shared()} starts one per test JVM (about 4 s on an idle machine, 8–16 s on a busy one, plus the two CRDs) and
 * stops it at JVM exit. The admin client ({@link #admin()}) is {@code system:masters}; {@link #newUser()} hands out
 * a user of the token file that has no rights until the test binds a Role to it ({@link KubeRbac}), to show that an
 * adapter works with exactly the permissions documented. kube-apiserver takes 5–10 s to exit on SIGTERM, so
 * {@link #close()} SIGKILLs after a short grace. Logs: {@code target/kube-*}/{@code etcd.log}, {@code kube-apiserver.log}.
 */
public final class KubeControlPlane implements AutoCloseable {
    private static final Duration READY_DEADLINE = Duration.ofSeconds(90);
    private static KubeControlPlane shared;

    private final Path workDir;
    private final KubePki pki;
    private final int port;
    private final ChildProcess etcd;
    private final ChildProcess apiserver;
    private final KubernetesClient admin;
    private final AtomicInteger nextUser = new AtomicInteger();
    private final Duration startup;
    private volatile Duration crdSetup = Duration.ZERO;
    private final Thread shutdownHook;

    private KubeControlPlane(Path workDir, KubePki pki, int port, ChildProcess etcd, ChildProcess apiserver, long startedNanos) {
        this.workDir = workDir;
        this.pki = pki;
        this.port = port;
        this.etcd = etcd;
        this.apiserver = apiserver;
        this.shutdownHook = new Thread(this::terminate, "kube-control-plane-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        this.admin = clientWithToken(pki.adminToken);
        try {
            awaitReady(startedNanos);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        this.startup = Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /**
     * The control plane of this test JVM with the CRDs the traffic adapters work on established: the Gateway API's
     * HTTPRoute and Istio's VirtualService; started on first use, stopped at JVM exit. Each CRD costs seconds on a busy
     * machine (all 13 of both projects took about 25 s), so other CRDs are applied where needed, with {@link KubeCrds}.
     */
    public static synchronized KubeControlPlane shared() {
        if (shared == null || !shared.isRunning()) {
            var tools = KubeTools.locate();
            var plane = start(tools);
            var crds = new ArrayList<Path>();
            crds.addAll(tools.gatewayApiCrds().stream().filter(p -> p.toString().endsWith("_httproutes.yaml")).toList());
            crds.addAll(tools.istioCrds().stream().filter(p -> p.toString().endsWith("virtualservices.yaml")).toList());
            long started = System.nanoTime();
            try {
                KubeCrds.applyAndAwaitEstablished(plane.admin(), crds, READY_DEADLINE);
            } catch (RuntimeException e) {
                plane.close();
                throw e;
            }
            plane.crdSetup = Duration.ofNanos(System.nanoTime() - started);
            shared = plane;
        }
        return shared;
    }

    /** Starts a control plane without CRDs (the caller closes it). */
    public static KubeControlPlane start(KubeTools tools) {
        long started = System.nanoTime();
        Path dir = TempFiles.createDir("kube-");
        var pki = KubePki.generate(dir);
        int etcdClient = freePort();
        int etcdPeer = freePort();
        int apiPort = freePort();
        String etcdUrl = "http://127.0.0.1:" + etcdClient;
        var etcd = new ChildProcess("etcd", List.of(tools.etcd().toString(), "--name", "test",
                "--data-dir", dir.resolve("etcd-data").toString(),
                "--listen-client-urls", etcdUrl, "--advertise-client-urls", etcdUrl,
                "--listen-peer-urls", "http://127.0.0.1:" + etcdPeer,
                "--initial-advertise-peer-urls", "http://127.0.0.1:" + etcdPeer,
                "--initial-cluster", "test=http://127.0.0.1:" + etcdPeer,
                "--unsafe-no-fsync", "--log-level", "warn"), dir.resolve("etcd.log"));
        ChildProcess apiserver;
        try {
            apiserver = new ChildProcess("kube-apiserver", List.of(tools.kubeApiserver().toString(),
                    "--etcd-servers", etcdUrl,
                    "--bind-address", "127.0.0.1", "--secure-port", Integer.toString(apiPort),
                    "--tls-cert-file", dir.resolve("apiserver.crt").toString(),
                    "--tls-private-key-file", dir.resolve("apiserver.key").toString(),
                    "--client-ca-file", pki.caCert().toString(),
                    "--token-auth-file", dir.resolve("tokens.csv").toString(),
                    "--service-account-key-file", dir.resolve("sa.pub").toString(),
                    "--service-account-signing-key-file", dir.resolve("sa.key").toString(),
                    "--service-account-issuer", "https://kubernetes.default.svc",
                    "--api-audiences", "https://kubernetes.default.svc",
                    "--authorization-mode", "RBAC",
                    "--service-cluster-ip-range", "10.0.0.0/24",
                    "--endpoint-reconciler-type", "none",
                    "--enable-priority-and-fairness=false"), dir.resolve("kube-apiserver.log"));
        } catch (RuntimeException e) {
            etcd.terminate(Duration.ofSeconds(2));
            throw e;
        }
        return new KubeControlPlane(dir, pki, apiPort, etcd, apiserver, started);
    }

    /** The API server, e.g. {@code https://127.0.0.1:41234}. */
    public URI url() {
        return URI.create("https://127.0.0.1:" + port);
    }

    /** The CA certificate (PEM) that signed the API server's serving certificate. */
    public Path caCert() {
        return pki.caCert();
    }

    /** How long start-up took until {@code /readyz} answered ok (CRDs not included). */
    public Duration startup() {
        return startup;
    }

    /** How long applying the CRDs and waiting until they were Established took ({@link #shared()} only). */
    public Duration crdSetup() {
        return crdSetup;
    }

    /** A {@code system:masters} client, shared: do not close it. */
    public KubernetesClient admin() {
        return admin;
    }

    /** A user of the token file no test has used yet; it may do nothing until a Role is bound to it. */
    public KubeUser newUser() {
        int i = nextUser.getAndIncrement();
        if (i >= pki.users.size()) {
            throw new IllegalStateException("all " + pki.users.size() + " token-file users are in use; raise KubePki.USERS");
        }
        return pki.users.get(i);
    }

    /** A client that authenticates with {@code token} (close it). No retries, 10 s request timeout. */
    public KubernetesClient clientWithToken(String token) {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url().toString())
                .withCaCertFile(caCert().toString()).withOauthToken(token)
                .withRequestRetryBackoffLimit(0).withRequestTimeout(10_000).withConnectionTimeout(5_000).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** Writes a kubeconfig file (context {@code test}) that reaches this API server with {@code token}. */
    public Path writeKubeconfig(String token, Path file) {
        return writeKubeconfig(url(), token, file);
    }

    /** Writes a {@code system:masters} kubeconfig: what controllers started next to the control plane use. */
    Path writeAdminKubeconfig(Path file) {
        return writeKubeconfig(pki.adminToken, file);
    }

    /** Writes a kubeconfig file for {@code server} (e.g. a port nothing listens on), trusting this control plane's CA. */
    public Path writeKubeconfig(URI server, String token, Path file) {
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: test
                  cluster: {server: "%s", certificate-authority: "%s"}
                users:
                - name: test
                  user: {token: "%s"}
                contexts:
                - name: test
                  context: {cluster: test, user: test}
                current-context: test
                """.formatted(server, caCert().toAbsolutePath(), token);
        try {
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /** True while both processes run. */
    public boolean isRunning() {
        return etcd.current().isAlive() && apiserver.current().isAlive();
    }

    /** The last lines of the API server's log, for failure messages. */
    public String logTail() {
        return tail(workDir.resolve("kube-apiserver.log"), 30);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        terminate();
    }

    private void terminate() {
        if (admin != null) {
            admin.close();
        }
        apiserver.terminate(Duration.ofMillis(500));
        etcd.terminate(Duration.ofSeconds(2));
    }

    private void awaitReady(long startedNanos) {
        long end = startedNanos + READY_DEADLINE.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < end) {
            if (!apiserver.current().isAlive() || !etcd.current().isAlive()) {
                throw new IllegalStateException((etcd.current().isAlive() ? "kube-apiserver" : "etcd")
                        + " exited during start-up; log tail:\n" + logTail() + "\netcd:\n" + tail(workDir.resolve("etcd.log"), 15));
            }
            try {
                last = admin.raw("/readyz");
                if ("ok".equals(last)) {
                    return;
                }
            } catch (RuntimeException notYet) {
                last = notYet.getMessage();
            }
            sleep(100);
        }
        throw new IllegalStateException("kube-apiserver not ready within " + READY_DEADLINE.toSeconds() + " s (last: " + last
                + "); log tail:\n" + logTail());
    }

    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
