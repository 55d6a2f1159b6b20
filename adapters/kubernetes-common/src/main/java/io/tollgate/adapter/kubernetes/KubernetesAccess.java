package io.tollgate.adapter.kubernetes;

import io.tollgate.adapter.AdapterSection;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How an adapter reaches one cluster's API server, and where its resources live.
 *
 * @param kubeconfig        a kubeconfig file (its {@code context}, or the current one); null when in-cluster
 * @param context           the kubeconfig context to use; null for the file's current context
 * @param serviceAccountDir in-cluster: the mounted ServiceAccount ({@code token}, {@code ca.crt}, {@code namespace});
 *                          null when a kubeconfig is used. The token file is re-read, as the kubelet rotates it.
 * @param apiServer         in-cluster: the API server; null for {@code https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT}
 * @param namespace         the namespace of the routes; null for the kubeconfig context's or the ServiceAccount's
 * @param callTimeout       deadline of one API request (connect and answer); adapters make at most three per call
 */
public record KubernetesAccess(Path kubeconfig, String context, Path serviceAccountDir, URI apiServer, String namespace,
        Duration callTimeout) {
    /** The directory the kubelet mounts a pod's ServiceAccount token into. */
    public static final Path IN_CLUSTER_DIR = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(5);
    /** The configuration keys {@link #bind} reads; providers add their own. */
    public static final List<String> KEYS = List.of("kubeconfig", "context", "inCluster", "serviceAccountDir", "apiServer",
            "namespace", "callTimeout");

    /** {@link #KEYS} and a provider's own keys, for {@link AdapterSection#only}. */
    public static String[] keysWith(String... own) {
        var all = new java.util.ArrayList<>(KEYS);
        all.addAll(List.of(own));
        return all.toArray(String[]::new);
    }

    public KubernetesAccess {
        if ((kubeconfig == null) == (serviceAccountDir == null)) {
            throw new IllegalArgumentException("exactly one of kubeconfig and serviceAccountDir must be set");
        }
        Objects.requireNonNull(callTimeout, "callTimeout");
    }

    /** Reads the shared keys of {@code section}: {@code kubeconfig} (+ {@code context}) or {@code inCluster: true}. */
    public static KubernetesAccess bind(AdapterSection section) {
        boolean inCluster = section.bool("inCluster", false);
        Path kubeconfig = section.path("kubeconfig");
        if (inCluster == (kubeconfig != null)) {
            throw section.problem(inCluster ? "kubeconfig" : "inCluster",
                    "set either kubeconfig (a file) or inCluster: true (the pod's ServiceAccount), not both or neither");
        }
        if (inCluster && section.has("context")) {
            throw section.problem("context", "only with kubeconfig");
        }
        if (!inCluster && (section.has("serviceAccountDir") || section.has("apiServer"))) {
            throw section.problem(section.has("apiServer") ? "apiServer" : "serviceAccountDir", "only with inCluster: true");
        }
        Path saDir = inCluster ? pathOr(section.path("serviceAccountDir"), IN_CLUSTER_DIR) : null;
        URI apiServer = section.has("apiServer") ? section.url("apiServer") : null;
        String namespace = section.text("namespace", null);
        if (namespace != null && !KubeNames.isDnsLabel(namespace)) {
            throw section.problem("namespace", "not a Kubernetes namespace name (lower-case DNS label), got \"" + namespace + "\"");
        }
        return new KubernetesAccess(kubeconfig, section.text("context", null), saDir, apiServer, namespace,
                section.duration("callTimeout", DEFAULT_CALL_TIMEOUT, Duration.ofMillis(100), Duration.ofMinutes(1)));
    }

    /** True when the pod's ServiceAccount is used. */
    public boolean inCluster() {
        return serviceAccountDir != null;
    }

    private static Path pathOr(Path p, Path fallback) {
        return p != null ? p : fallback;
    }
}
