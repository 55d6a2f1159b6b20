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

    /** The Gateway API standard-channel CRD files (one CRD per file, plus a non-CRD policy file the fixture skips). */
    public List<Path> gatewayApiCrds() {
        return yamlFiles(root.resolve("crds/gateway-api-" + GATEWAY_API_VERSION));
    }

    /** Istio's VirtualService and DestinationRule CRDs. */
    public List<Path> istioCrds() {
        return yamlFiles(root.resolve("crds/istio-" + ISTIO_API_VERSION));
    }

    private KubeTools checked() {
        for (Path p : List.of(etcd(), kubeApiserver())) {
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException(p + " is missing or not executable: run scripts/k8s-tools.sh");
            }
        }
        return this;
    }

    private static List<Path> yamlFiles(Path dir) {
        if (!Files.isRegularFile(dir.resolve(".complete"))) {
            throw new IllegalStateException("no CRDs in " + dir + ": run scripts/k8s-tools.sh");
        }
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + dir, e);
        }
    }
}
