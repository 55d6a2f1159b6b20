package io.tollgate.adapter.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes the fabric8 client of a {@link KubernetesAccess}: no retries (the release controller has its own policy, and an
 * adapter call must end within its deadline), {@code callTimeout} as connect and request timeout. Reads local files only;
 * nothing is sent until the first call.
 */
public final class KubernetesClients {
    private KubernetesClients() {
    }

    /**
     * A client and the namespace it works in.
     *
     * @throws IllegalStateException when the kubeconfig or the ServiceAccount files cannot be read, naming the file
     */
    public static Connection connect(KubernetesAccess access) {
        Config base = access.inCluster() ? inCluster(access) : fromKubeconfig(access);
        int timeout = (int) Math.min(Integer.MAX_VALUE, access.callTimeout().toMillis());
        Config config = new ConfigBuilder(base).withRequestRetryBackoffLimit(0).withRequestTimeout(timeout)
                .withConnectionTimeout(timeout).build();
        String namespace = access.namespace() != null ? access.namespace()
                : config.getNamespace() != null ? config.getNamespace() : "default";
        return new Connection(new KubernetesClientBuilder().withConfig(config).build(), namespace);
    }

    /** A client and the namespace of the routes. Close it with the adapter. */
    public record Connection(KubernetesClient client, String namespace) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
        }
    }

    private static Config fromKubeconfig(KubernetesAccess access) {
        Path file = access.kubeconfig();
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("kubeconfig " + file + " is not a readable file");
        }
        Config config;
        try {
            config = Config.fromKubeconfig(access.context(), file.toFile());
        } catch (RuntimeException e) {
            throw new IllegalStateException("kubeconfig " + file + (access.context() != null ? " context " + access.context() : "")
                    + " cannot be used: " + e.getMessage(), e);
        }
        // fabric8 falls back to the current context when the named one is missing: that could be another cluster.
        if (access.context() != null) {
            var names = config.getContexts() == null ? java.util.List.<String>of()
                    : config.getContexts().stream().map(c -> c.getName()).toList();
            if (!names.contains(access.context())) {
                throw new IllegalStateException("kubeconfig " + file + " has no context '" + access.context() + "' (it has " + names + ")");
            }
        }
        return config;
    }

    private static Config inCluster(KubernetesAccess access) {
        Path dir = access.serviceAccountDir();
        Path token = dir.resolve("token");
        Path ca = dir.resolve("ca.crt");
        for (Path p : new Path[] {token, ca}) {
            if (!Files.isReadable(p)) {
                throw new IllegalStateException("in-cluster: " + p + " is not readable (is a ServiceAccount token mounted?)");
            }
        }
        String server;
        if (access.apiServer() != null) {
            server = access.apiServer().toString();
        } else {
            String host = System.getenv("KUBERNETES_SERVICE_HOST");
            String port = System.getenv("KUBERNETES_SERVICE_PORT");
            if (host == null || port == null) {
                throw new IllegalStateException("in-cluster: KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT are not set (not in a pod?)");
            }
            server = "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
        Path nsFile = dir.resolve("namespace");
        String namespace = Files.isReadable(nsFile) ? read(nsFile).strip() : null;
        // The kubelet rotates projected tokens: read the file for every request (a few microseconds).
        return new ConfigBuilder(Config.empty()).withMasterUrl(server).withCaCertFile(ca.toString())
                .withOauthTokenProvider(() -> read(token).strip()).withNamespace(namespace).build();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }
}
