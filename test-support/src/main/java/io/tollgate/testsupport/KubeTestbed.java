package io.tollgate.testsupport;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Path;
import java.util.List;

/**
 * A fresh namespace on the shared {@link KubeControlPlane} for one test class, with a token-file user who may only
 * {@code get} and {@code patch} the named resources of one kind there (the Role docs/adapters.md documents), and a
 * kubeconfig file for that user. The admin client creates and edits the resources, as a person or another controller would.
 */
public final class KubeTestbed {
    private final KubeControlPlane plane;
    private final String namespace;
    private final KubeUser user;
    private final Path kubeconfig;
    private final ResourceDefinitionContext kind;

    private KubeTestbed(KubeControlPlane plane, String namespace, KubeUser user, Path kubeconfig, ResourceDefinitionContext kind) {
        this.plane = plane;
        this.namespace = namespace;
        this.user = user;
        this.kubeconfig = kubeconfig;
        this.kind = kind;
    }

    /**
     * Creates the namespace ({@code prefix-<n>-<pid>}), the Role {@code tollgate-traffic} allowing get and patch on
     * {@code group}/{@code plural} named {@code names}, bound to a new token-file user, and its kubeconfig.
     */
    public static KubeTestbed create(String prefix, String group, String version, String plural, String kindName,
            List<String> names) {
        var plane = KubeControlPlane.shared();
        String ns = KubeRbac.freshNamespace(plane.admin(), prefix);
        var user = plane.newUser();
        KubeRbac.bindRoleToUser(plane.admin(), ns, "tollgate-traffic", List.of(getAndPatch(group, plural, names)), user);
        Path kubeconfig = plane.writeKubeconfig(user.token(), TempFiles.createDir("kubeconfig-").resolve("config"));
        var kind = new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withPlural(plural)
                .withKind(kindName).withNamespaced(true).build();
        return new KubeTestbed(plane, ns, user, kubeconfig, kind);
    }

    /** The Role rule an adapter needs: get and patch on the named resources only. */
    public static PolicyRule getAndPatch(String group, String plural, List<String> names) {
        return new PolicyRuleBuilder().withApiGroups(group).withResources(plural).withResourceNames(names)
                .withVerbs("get", "patch").build();
    }

    public KubeControlPlane plane() {
        return plane;
    }

    public String namespace() {
        return namespace;
    }

    /** The narrow user. */
    public KubeUser user() {
        return user;
    }

    /** A kubeconfig for {@link #user()}. */
    public Path kubeconfig() {
        return kubeconfig;
    }

    /** The system:masters client (shared; do not close). */
    public KubernetesClient admin() {
        return plane.admin();
    }

    /** Creates the resource {@code yaml} describes in this namespace, as admin. */
    public GenericKubernetesResource create(String yaml) {
        var r = plane.admin().getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class);
        return plane.admin().genericKubernetesResources(kind).inNamespace(namespace).resource(r).create();
    }

    /** The resource {@code name} of the testbed's kind, as admin. */
    public Resource<GenericKubernetesResource> resource(String name) {
        return plane.admin().genericKubernetesResources(kind).inNamespace(namespace).withName(name);
    }
}
