package io.tollgate.adapter.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tollgate.testsupport.KubeControlPlane;
import io.tollgate.testsupport.KubeRbac;
import io.tollgate.testsupport.TempFiles;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The client an adapter gets, against the test control plane (which this also checks: version, CRDs, RBAC). */
@Tag("live")
class KubernetesClientsLiveTest {

    @Test
    void the_control_plane_serves_v1_37_2_with_the_gateway_and_istio_crds_and_rbac_on() {
        var plane = KubeControlPlane.shared();
        System.out.println("kube-apiserver ready after " + plane.startup().toMillis() + " ms; CRDs applied and established in "
                + plane.crdSetup().toMillis() + " ms");
        assertThat(plane.admin().getKubernetesVersion().getGitVersion()).isEqualTo("v1.37.2");
        assertThat(plane.admin().apiextensions().v1().customResourceDefinitions().withName("httproutes.gateway.networking.k8s.io").get())
                .isNotNull();
        assertThat(plane.admin().apiextensions().v1().customResourceDefinitions().withName("virtualservices.networking.istio.io").get())
                .isNotNull();
        try (var nobody = plane.clientWithToken(plane.newUser().token())) {
            assertThatThrownBy(() -> nobody.namespaces().list()).isInstanceOfSatisfying(KubernetesClientException.class,
                    e -> assertThat(e.getCode()).isEqualTo(403));
        }
    }

    @Test
    void kubeconfig_access_uses_its_context_and_the_configured_namespace_wins() {
        var plane = KubeControlPlane.shared();
        var kubeconfig = plane.writeKubeconfig(plane.newUser().token(), TempFiles.createDir("kc-").resolve("config"));
        try (var c = KubernetesClients.connect(new KubernetesAccess(kubeconfig, "test", null, null, "shop", Duration.ofSeconds(2)))) {
            assertThat(c.namespace()).isEqualTo("shop");
            assertThat(c.client().getMasterUrl().toString()).startsWith(plane.url().toString());
        }
        try (var c = KubernetesClients.connect(new KubernetesAccess(kubeconfig, null, null, null, null, Duration.ofSeconds(2)))) {
            assertThat(c.namespace()).isEqualTo("default");
        }
        assertThatThrownBy(() -> KubernetesClients.connect(new KubernetesAccess(kubeconfig, "nope", null, null, null, Duration.ofSeconds(2))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(kubeconfig.toString());
    }

    @Test
    void in_cluster_access_reads_the_mounted_token_for_every_request_and_its_namespace() {
        var plane = KubeControlPlane.shared();
        String ns = KubeRbac.freshNamespace(plane.admin(), "incluster");
        var dir = KubeRbac.mountServiceAccount(plane.admin(), plane, ns, "tollgate", TempFiles.createDir("sa-"));
        var access = new KubernetesAccess(null, null, dir, plane.url(), null, Duration.ofSeconds(2));
        try (var c = KubernetesClients.connect(access)) {
            assertThat(c.namespace()).isEqualTo(ns);
            // Authenticated as the ServiceAccount, which may do nothing yet: 403, not 401.
            assertThatThrownBy(() -> c.client().namespaces().list()).isInstanceOfSatisfying(KubernetesClientException.class,
                    e -> assertThat(e.getCode()).isEqualTo(403));
            java.nio.file.Files.writeString(dir.resolve("token"), "rotated-to-garbage");
            assertThatThrownBy(() -> c.client().namespaces().list()).isInstanceOfSatisfying(KubernetesClientException.class,
                    e -> assertThat(e.getCode()).isEqualTo(401));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
