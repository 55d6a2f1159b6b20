package io.tollgate.testsupport;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Namespaces, Roles, RoleBindings and ServiceAccount tokens for tests, made with the admin client. */
public final class KubeRbac {
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    private KubeRbac() {
    }

    /** Creates a namespace named {@code prefix-<n>-<pid>} that no other test in this JVM uses; returns its name. */
    public static String freshNamespace(KubernetesClient admin, String prefix) {
        String name = prefix + "-" + NAMESPACES.incrementAndGet() + "-" + ProcessHandle.current().pid();
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        return name;
    }

    /** Creates Role {@code role} with {@code rules} in {@code namespace} and binds it to the token-file {@code user}. */
    public static void bindRoleToUser(KubernetesClient admin, String namespace, String role, List<PolicyRule> rules, KubeUser user) {
        bind(admin, namespace, role, rules, new SubjectBuilder().withKind("User").withApiGroup("rbac.authorization.k8s.io")
                .withName(user.name()).build());
    }

    /** Creates Role {@code role} with {@code rules} in {@code namespace} and binds it to ServiceAccount {@code account} there. */
    public static void bindRoleToServiceAccount(KubernetesClient admin, String namespace, String role, List<PolicyRule> rules,
            String account) {
        bind(admin, namespace, role, rules, new SubjectBuilder().withKind("ServiceAccount").withName(account)
                .withNamespace(namespace).build());
    }

    /**
     * Creates ServiceAccount {@code account} in {@code namespace} (no controller does it here) and writes what the
     * kubelet mounts into a pod at {@code /var/run/secrets/kubernetes.io/serviceaccount}: {@code token} (from the
     * TokenRequest API, one hour), {@code ca.crt} and {@code namespace}. Returns {@code dir}.
     */
    public static Path mountServiceAccount(KubernetesClient admin, KubeControlPlane plane, String namespace, String account, Path dir) {
        admin.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata().withName(account)
                .endMetadata().build()).create();
        var request = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L)
                .withAudiences("https://kubernetes.default.svc").endSpec().build();
        String token = admin.serviceAccounts().inNamespace(namespace).withName(account).tokenRequest(request)
                .getStatus().getToken();
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("token"), token);
            Files.copy(plane.caCert(), dir.resolve("ca.crt"));
            Files.writeString(dir.resolve("namespace"), namespace);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the service account files into " + dir, e);
        }
        return dir;
    }

    private static void bind(KubernetesClient admin, String namespace, String role, List<PolicyRule> rules,
            io.fabric8.kubernetes.api.model.rbac.Subject subject) {
        admin.rbac().roles().inNamespace(namespace).resource(new RoleBuilder().withNewMetadata().withName(role).endMetadata()
                .withRules(rules).build()).create();
        admin.rbac().roleBindings().inNamespace(namespace).resource(new RoleBindingBuilder().withNewMetadata()
                .withName(role + "-" + subject.getName()).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName(role).endRoleRef()
                .withSubjects(subject).build()).create();
    }
}
