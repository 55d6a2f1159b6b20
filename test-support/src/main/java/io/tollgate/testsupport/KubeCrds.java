package io.tollgate.testsupport;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Installs CustomResourceDefinitions from YAML files and waits until the API server serves them. */
public final class KubeCrds {
    private KubeCrds() {
    }

    /**
     * Server-side applies every CustomResourceDefinition in {@code files} (other documents, such as the Gateway API's
     * ValidatingAdmissionPolicy, are skipped; large CRDs exceed the client-side apply annotation's size limit), then
     * waits until each is Established. Returns the CRD names.
     */
    public static List<String> applyAndAwaitEstablished(KubernetesClient admin, List<Path> files, Duration deadline) {
        var names = new ArrayList<String>();
        for (Path file : files) {
            for (HasMetadata item : load(admin, file)) {
                if (item instanceof CustomResourceDefinition crd) {
                    admin.resource(crd).fieldManager("tollgate-tests").forceConflicts().serverSideApply();
                    names.add(crd.getMetadata().getName());
                }
            }
        }
        long end = System.nanoTime() + deadline.toNanos();
        for (String name : names) {
            long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()));
            admin.apiextensions().v1().customResourceDefinitions().withName(name)
                    .waitUntilCondition(KubeCrds::established, left, TimeUnit.MILLISECONDS);
        }
        return names;
    }

    private static boolean established(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static List<HasMetadata> load(KubernetesClient admin, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return admin.load(in).items();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
