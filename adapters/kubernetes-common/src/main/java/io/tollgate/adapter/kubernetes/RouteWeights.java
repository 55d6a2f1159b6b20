package io.tollgate.adapter.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.tollgate.adapter.AdapterResult;
import io.tollgate.adapter.Observation;
import io.tollgate.adapter.TrafficTarget;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The mechanics both Kubernetes traffic adapters share, over one custom resource kind: read the route, find the split
 * Tollgate owns ({@link WeightedSplit}), and set its two weights with one JSON patch whose {@code test} operation
 * carries the destinations exactly as read — if anyone changed them in between (another controller, a hand edit),
 * the API server rejects the whole patch and nothing is overwritten. One GET and at most one PATCH per call; the PATCH
 * answer is the route as stored, which is checked (read back) before answering Applied.
 */
public final class RouteWeights implements AutoCloseable {
    /** A route kind: its API coordinates and its {@link WeightedSplit.Shape}. */
    public record Kind(String group, String version, String plural, String kind, WeightedSplit.Shape shape) {
        ResourceDefinitionContext context() {
            return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withPlural(plural)
                    .withKind(kind).withNamespaced(true).build();
        }
    }

    /** What {@link #read} found: the split, or the answer {@code observe} gives instead. */
    public sealed interface Read permits Found, Answer {
    }

    /** The route and the split; {@code generation} is {@code metadata.generation}, {@code status} may be null. */
    public record Found(String where, WeightedSplit split, long generation, Map<?, ?> spec, Map<?, ?> status) implements Read {
    }

    /** No split to report: the observation says why (missing, wrong shape, forbidden, unreachable). */
    public record Answer(Observation observation) implements Read {
    }

    private final Kind kind;
    private final String ruleName;
    private final KubernetesClients.Connection connection;
    private final String broken;
    private final Runnable beforePatch;

    /** Connects lazily: reads the kubeconfig or ServiceAccount files now; a failure is answered by every call. */
    public RouteWeights(KubernetesAccess access, Kind kind, String ruleName) {
        this(access, kind, ruleName, () -> { });
    }

    /** As the public constructor; {@code beforePatch} runs between the GET and the PATCH (tests put a concurrent edit there). */
    RouteWeights(KubernetesAccess access, Kind kind, String ruleName, Runnable beforePatch) {
        this.beforePatch = beforePatch;
        this.kind = Objects.requireNonNull(kind, "kind");
        this.ruleName = ruleName;
        KubernetesClients.Connection c = null;
        String why = null;
        try {
            c = KubernetesClients.connect(access);
        } catch (RuntimeException e) {
            why = e.getMessage();
        }
        this.connection = c;
        this.broken = why;
    }

    /** The namespace the routes are in (null when the client could not be made). */
    public String namespace() {
        return connection == null ? null : connection.namespace();
    }

    /** {@code apply}: {@code canaryPercent} (0..100, else NotSupported) to the canary, the rest to stable; see {@link #set}. */
    public AdapterResult applyPercent(TrafficTarget target, int canaryPercent) {
        Objects.requireNonNull(target, "target");
        if (canaryPercent < 0 || canaryPercent > 100) {
            return new AdapterResult.NotSupported("canaryPercent must be within 0..100, was " + canaryPercent);
        }
        return set(target, 100 - canaryPercent, canaryPercent, canaryPercent + "%");
    }

    /** {@code reset}: weights 100 and 0, all traffic to stable; see {@link #set}. */
    public AdapterResult reset(TrafficTarget target) {
        Objects.requireNonNull(target, "target");
        return set(target, 100, 0, "0%, reset");
    }

    /**
     * Sets the split of {@code target} to {@code stable}/{@code canary}. NotSupported (nothing changed) for a missing
     * route or one whose shape Tollgate does not own; Failed retryable when the destinations changed between read and
     * patch (nothing written) or the API server did not answer; Failed not retryable for 401/403/other 4xx.
     */
    public AdapterResult set(TrafficTarget target, long stable, long canary, String wanted) {
        if (broken != null) {
            return new AdapterResult.Failed("no Kubernetes client: " + broken, false);
        }
        String badName = badName(target);
        if (badName != null) {
            return new AdapterResult.NotSupported(badName);
        }
        String where = where(target);
        GenericKubernetesResource route;
        try {
            route = resource(target).get();
        } catch (KubernetesClientException e) {
            return ApiErrors.failed("get " + where, e);
        }
        if (route == null) {
            return new AdapterResult.NotSupported("no " + where);
        }
        var found = WeightedSplit.find(spec(route), kind.shape(), ruleName, target.stable(), target.canary());
        if (found instanceof WeightedSplit.Problem(String reason)) {
            return new AdapterResult.NotSupported(where + ": " + reason + "; nothing changed");
        }
        WeightedSplit split = ((WeightedSplit.Split) found).split();
        String detail = where + " " + split.ruleLabel() + ": stable " + stable + ", canary " + canary + " (" + wanted + ")";
        if (split.stableWeight() == stable && split.canaryWeight() == canary) {
            return new AdapterResult.Applied(detail + ", unchanged");
        }
        beforePatch.run();
        GenericKubernetesResource stored;
        try {
            stored = resource(target).patch(PatchContext.of(PatchType.JSON), split.patch(kind.shape(), stable, canary).json());
        } catch (KubernetesClientException e) {
            if (changedSince(target, split)) {
                return new AdapterResult.Failed(where + " " + split.ruleLabel() + " changed between read and patch (a concurrent "
                        + "edit); nothing was written: " + ApiErrors.describe(e), true);
            }
            return ApiErrors.failed("patch " + where, e);
        }
        var back = WeightedSplit.find(spec(stored), kind.shape(), ruleName, target.stable(), target.canary());
        if (!(back instanceof WeightedSplit.Split(WeightedSplit now)) || now.stableWeight() != stable || now.canaryWeight() != canary) {
            return new AdapterResult.Failed(where + ": the API server accepted the patch but stored " + describe(back)
                    + " (a mutating webhook?)", false);
        }
        return new AdapterResult.Applied(detail + ", generation " + stored.getMetadata().getGeneration());
    }

    /** Reads the route and finds the split; any other outcome comes as the Observation to give. */
    public Read read(TrafficTarget target) {
        if (broken != null) {
            return new Answer(new Observation.CannotVerify("no Kubernetes client: " + broken));
        }
        String badName = badName(target);
        if (badName != null) {
            return new Answer(new Observation.CannotVerify(badName));
        }
        String where = where(target);
        GenericKubernetesResource route;
        try {
            route = resource(target).get();
        } catch (KubernetesClientException e) {
            return new Answer(ApiErrors.observation("get " + where, e));
        }
        if (route == null) {
            return new Answer(new Observation.CannotVerify("no " + where));
        }
        var found = WeightedSplit.find(spec(route), kind.shape(), ruleName, target.stable(), target.canary());
        if (found instanceof WeightedSplit.Problem(String reason)) {
            return new Answer(new Observation.CannotVerify(where + ": " + reason));
        }
        Long generation = route.getMetadata().getGeneration();
        Object status = route.getAdditionalProperties().get("status");
        return new Found(where, ((WeightedSplit.Split) found).split(), generation == null ? 0 : generation, spec(route),
                status instanceof Map<?, ?> m ? m : null);
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
        }
    }

    /** How messages name the route, e.g. {@code HTTPRoute shop/web}. */
    public String where(TrafficTarget target) {
        return kind.kind() + " " + namespace() + "/" + target.route();
    }

    /**
     * After a refused PATCH: true when the rule's destinations are no longer what the patch tested, i.e. its {@code test}
     * operation failed. The API server answers a failed test with a bare 422 ("the server rejected our request due to an
     * error in our request") that looks like any invalid patch, so the route is read again to tell them apart.
     */
    private boolean changedSince(TrafficTarget target, WeightedSplit split) {
        try {
            var now = resource(target).get();
            if (now == null) {
                return true;
            }
            var again = WeightedSplit.find(spec(now), kind.shape(), ruleName, target.stable(), target.canary());
            return !(again instanceof WeightedSplit.Split(WeightedSplit s)) || s.ruleIndex() != split.ruleIndex()
                    || !s.destinations().equals(split.destinations());
        } catch (KubernetesClientException e) {
            return false;
        }
    }

    private Resource<GenericKubernetesResource> resource(TrafficTarget target) {
        return connection.client().genericKubernetesResources(kind.context()).inNamespace(connection.namespace())
                .withName(target.route());
    }

    private static String badName(TrafficTarget t) {
        return KubeNames.isDnsSubdomain(t.route()) ? null
                : "route '" + t.route() + "' is not a Kubernetes object name (lower-case RFC 1123 subdomain)";
    }

    private static Map<?, ?> spec(GenericKubernetesResource r) {
        return r.getAdditionalProperties().get("spec") instanceof Map<?, ?> m ? m : Map.of();
    }

    private static String describe(WeightedSplit.Found found) {
        return switch (found) {
            case WeightedSplit.Split(WeightedSplit s) -> "stable " + s.stableWeight() + ", canary " + s.canaryWeight();
            case WeightedSplit.Problem(String reason) -> reason;
        };
    }

    /** The entries of {@code spec[key]} when it is a list, else empty. */
    public static List<?> list(Map<?, ?> map, String key) {
        return map != null && map.get(key) instanceof List<?> l ? l : List.of();
    }
}
