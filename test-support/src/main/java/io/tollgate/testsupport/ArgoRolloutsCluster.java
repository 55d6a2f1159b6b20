package io.tollgate.testsupport;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A cluster where Argo Rollouts really runs: a {@link KubeControlPlane} of its own (etcd + kube-apiserver) and, as
 * children of the test JVM, kube-controller-manager with only the controllers a Rollout needs (ServiceAccount: a
 * namespace gets its {@code default} account, without which no pod is admitted; ReplicaSet: pods for Argo's
 * ReplicaSets), kwok with one fake node {@value #NODE} (pods pinned to it go Running and Ready; no containers, no
 * scheduler), and Argo Rollouts' {@code rollouts-controller} v1.9.1 with its CRDs. Binaries from {@code .tools/k8s/}
 * ({@code scripts/k8s-tools.sh}, {@code scripts/argo-tools.sh}).
 *
 * <p>Start-up with warm binaries: about 20 s on an idle 2-core machine (the control plane, the CRDs, then each
 * controller's readiness). {@link #close()} stops the controllers (SIGKILL after 2 s) before the control plane.
 * Logs in {@code target/argo-*}/: {@code kube-controller-manager.log}, {@code kwok.log}, {@code rollouts-controller.log}.
 */
public final class ArgoRolloutsCluster implements AutoCloseable {
    /** The kwok node pods must name in {@code spec.nodeName}. */
    public static final String NODE = "kwok-node-0";
    private static final Duration READY_DEADLINE = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private final KubeControlPlane plane;
    private final Path dir;
    private final List<ChildProcess> controllers = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::stopControllers, "argo-rollouts-cluster-shutdown");
    private Duration startup = Duration.ZERO;

    private ArgoRolloutsCluster(KubeControlPlane plane, Path dir) {
        this.plane = plane;
        this.dir = dir;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts everything and waits until each part works; fails naming the part and its log tail. The caller closes it. */
    public static ArgoRolloutsCluster start() {
        var tools = KubeTools.locate().checkedForRollouts();
        long started = System.nanoTime();
        var plane = KubeControlPlane.start(tools);
        var cluster = new ArgoRolloutsCluster(plane, TempFiles.createDir("argo-"));
        try {
            cluster.boot(tools);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        cluster.startup = Duration.ofNanos(System.nanoTime() - started);
        return cluster;
    }

    private void boot(KubeTools tools) {
        KubeCrds.applyAndAwaitEstablished(admin(), tools.argoRolloutsCrds(), READY_DEADLINE);
        String kubeconfig = plane.writeAdminKubeconfig(dir.resolve("kubeconfig")).toString();

        var kcm = launch("kube-controller-manager", List.of(tools.kubeControllerManager().toString(),
                "--kubeconfig", kubeconfig,
                "--controllers", "serviceaccount-controller,replicaset-controller",
                "--leader-elect=false",
                "--secure-port=0"));
        awaitUntil("kube-controller-manager", kcm, "the default ServiceAccount in namespace default",
                () -> admin().serviceAccounts().inNamespace("default").withName("default").get() != null);

        var kwok = launch("kwok", List.of(tools.kwok().toString(),
                "--kubeconfig", kubeconfig,
                "--config", writeResource("kwok-stages.yaml").toString(),
                "--manage-single-node", NODE,
                "--server-address", "127.0.0.1:" + KubeControlPlane.freePort()));
        admin().nodes().resource(fakeNode()).create();
        awaitUntil("kwok", kwok, "node " + NODE + " Ready", () -> nodeReady(admin().nodes().withName(NODE).get()));

        int healthz = KubeControlPlane.freePort();
        var argo = launch("rollouts-controller", List.of(tools.argoRolloutsController().toString(),
                "--kubeconfig", kubeconfig,
                "--leader-elect=false",
                "--healthzPort", Integer.toString(healthz),
                "--metricsPort", Integer.toString(KubeControlPlane.freePort()),
                "--loglevel", "info"));
        awaitUntil("rollouts-controller", argo, "the Argo Rollouts controller's /healthz", () -> answers200(URI.create("http://127.0.0.1:" + healthz + "/healthz")));
    }

    /** How long {@link #start()} took, from launching etcd to the Argo controller answering {@code /healthz}. */
    public Duration startup() {
        return startup;
    }

    /** The control plane (its admin client, CA, kubeconfigs). */
    public KubeControlPlane plane() {
        return plane;
    }

    /** The {@code system:masters} client (shared; do not close). */
    public KubernetesClient admin() {
        return plane.admin();
    }

    /** The last lines of the Argo Rollouts controller's log, for failure messages. */
    public String argoLogTail() {
        return logTail("rollouts-controller");
    }

    /** True while the control plane and every controller run. */
    public boolean isRunning() {
        return plane.isRunning() && controllers.stream().allMatch(c -> c.current().isAlive());
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        stopControllers();
        plane.close();
    }

    private void stopControllers() {
        for (var c : controllers.reversed()) {
            c.terminate(STOP_GRACE);
        }
    }

    private ChildProcess launch(String name, List<String> command) {
        var process = new ChildProcess(name, command, dir.resolve(name + ".log"));
        controllers.add(process);
        return process;
    }

    private void awaitUntil(String name, ChildProcess process, String what, BooleanSupplier done) {
        long end = System.nanoTime() + READY_DEADLINE.toNanos();
        String last = "not yet";
        while (System.nanoTime() < end) {
            if (!process.current().isAlive()) {
                throw new IllegalStateException(name + " exited before " + what + "; log tail:\n" + logTail(name));
            }
            try {
                if (done.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                last = notYet.getMessage();
            }
            KubeControlPlane.sleep(200);
        }
        throw new IllegalStateException("timed out after " + READY_DEADLINE.toSeconds() + " s waiting for " + what + " (last: " + last
                + "); " + name + " log tail:\n"
                + logTail(name));
    }

    private String logTail(String name) {
        return KubeControlPlane.tail(dir.resolve(name + ".log"), 30);
    }

    private Path writeResource(String name) {
        Path target = dir.resolve(name);
        try (InputStream in = ArgoRolloutsCluster.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing from test-support");
            }
            Files.copy(in, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
        return target;
    }

    private static Node fakeNode() {
        return new NodeBuilder().withNewMetadata().withName(NODE)
                .withAnnotations(Map.of("kwok.x-k8s.io/node", "fake"))
                .withLabels(Map.of("type", "kwok", "kubernetes.io/hostname", NODE))
                .endMetadata().withNewSpec().endSpec().build();
    }

    private static boolean nodeReady(Node node) {
        return node != null && node.getStatus() != null && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static boolean answers200(URI uri) {
        try (var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            var response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
