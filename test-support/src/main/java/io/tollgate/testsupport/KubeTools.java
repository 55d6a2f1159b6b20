package io.tollgate.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the control plane binaries and CRDs are: {@code .tools/k8s/} of the nearest directory at or above the working
 * directory that has one (built by {@code scripts/k8s-tools.sh}, which {@code scripts/bootstrap.sh --for-tests} runs),
 * or the folder named by system property {@code k8s.tools} / environment {@code TOLLGATE_K8S_TOOLS}.
 */
public final class KubeTools {
    /** The kube-apiserver version the fixture runs; the binaries live in {@code .tools/k8s/<version>/}. */
    public static final String KUBERNETES_VERSION = "v1.37.2";
    /** The Gateway API release whose standard-channel CRDs the fixture installs. */
    public static final String GATEWAY_API_VERSION = "v1.6.3";
    /** The istio.io/api release whose VirtualService and DestinationRule CRDs the fixture installs. */
    public static final String ISTIO_API_VERSION = "v1.32.0";
    /** The kwok release simulating nodes and kubelets ({@code .tools/k8s/kwok-<version>/}, scripts/argo-tools.sh). */
    public static final String KWOK_VERSION = "v0.8.0";
    /** The Argo Rollouts release whose controller and CRDs {@link ArgoRolloutsCluster} runs (scripts/argo-tools.sh). */
    public static final String ARGO_ROLLOUTS_VERSION = "v1.9.1";

    private final Path root;

    private KubeTools(Path root) {
        this.root = root;
    }

    /** Finds the tools folder, or fails saying how to build it. */
    public static KubeTools locate() {
        String configured = System.getProperty("k8s.tools", System.getenv("TOLLGATE_K8S_TOOLS"));
        if (configured != null && !configured.isBlank()) {
            return new KubeTools(Path.of(configured)).checked();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(".tools/k8s");
            if (Files.isExecutable(candidate.resolve(KUBERNETES_VERSION).resolve("kube-apiserver"))) {
                return new KubeTools(candidate).checked();
            }
        }
        throw new IllegalStateException("no kube-apiserver " + KUBERNETES_VERSION + " under .tools/k8s/" + KUBERNETES_VERSION
                + ": run scripts/k8s-tools.sh (about 10 minutes the first time), or set -Dk8s.tools");
    }

    /** The {@code etcd} binary. */
    public Path etcd() {
        return root.resolve(KUBERNETES_VERSION).resolve("etcd");
    }

    /** The {@code kube-apiserver} binary. */
    public Path kubeApiserver() {
        return root.resolve(KUBERNETES_VERSION).resolve("kube-apiserver");
    }

    /** The {@code kube-controller-manager} binary (scripts/k8s-tools.sh). */
    public Path kubeControllerManager() {
        return root.resolve(KUBERNETES_VERSION).resolve("kube-controller-manager");
    }

    /** The {@code kwok} binary (scripts/argo-tools.sh). */
    public Path kwok() {
        return root.resolve("kwok-" + KWOK_VERSION).resolve("kwok");
    }

    /** Argo Rollouts' {@code rollouts-controller} binary (scripts/argo-tools.sh). */
    public Path argoRolloutsController() {
        return root.resolve("argo-rollouts-" + ARGO_ROLLOUTS_VERSION).resolve("rollouts-controller");
    }

    /** Argo Rollouts' CRDs (Rollout, AnalysisTemplate, AnalysisRun, ...; scripts/argo-tools.sh). */
    public List<Path> argoRolloutsCrds() {
        return yamlFiles(root.resolve("crds/argo-rollouts-" + ARGO_ROLLOUTS_VERSION), "scripts/argo-tools.sh");
    }

    /**
     * Fails naming the script to run when kube-controller-manager, kwok or the Argo Rollouts controller is missing: the
     * Argo end-to-end test needs them besides etcd and kube-apiserver.
     */
    public KubeTools checkedForRollouts() {
        for (Path p : List.of(kubeControllerManager(), kwok(), argoRolloutsController())) {
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException(p + " is missing or not executable: run scripts/k8s-tools.sh and scripts/argo-tools.sh"
                        + " (scripts/bootstrap.sh --for-tests runs both; about 15-20 minutes the first time)");
            }
        }
        argoRolloutsCrds();
        return this;
    }

    /** The Gateway API standard-channel CRD files (one CRD per file, plus a non-CRD policy file the fixture skips). */
    public List<Path> gatewayApiCrds() {
        return yamlFiles(root.resolve("crds/gateway-api-" + GATEWAY_API_VERSION), "scripts/k8s-tools.sh");
    }

    /** Istio's VirtualService and DestinationRule CRDs. */
    public List<Path> istioCrds() {
        return yamlFiles(root.resolve("crds/istio-" + ISTIO_API_VERSION), "scripts/k8s-tools.sh");
    }

    private KubeTools checked() {
        for (Path p : List.of(etcd(), kubeApiserver())) {
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException(p + " is missing or not executable: run scripts/k8s-tools.sh");
            }
        }
        return this;
    }

    private static List<Path> yamlFiles(Path dir, String script) {
        if (!Files.isRegularFile(dir.resolve(".complete"))) {
            throw new IllegalStateException("no CRDs in " + dir + ": run " + script);
        }
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + dir, e);
        }
    }
}
