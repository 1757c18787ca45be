package io.milvusgitops.simulator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every kind the API server serves: the built-in ones the Milvus charts, kubectl, Helm and the daemon use,
 * and those its stored CustomResourceDefinitions define (as a real API server, discovery follows the CRDs).
 */
final class Registry {

    static final ResourceType CRD = ResourceType.builtIn("apiextensions.k8s.io", "v1", "CustomResourceDefinition",
            "customresourcedefinitions", false, List.of("crd", "crds"), true);
    static final ResourceType NAMESPACE = ResourceType.builtIn("", "v1", "Namespace", "namespaces", false, List.of("ns"), true);

    private static final List<ResourceType> BUILT_IN = List.of(
            NAMESPACE,
            ResourceType.builtIn("", "v1", "Pod", "pods", true, List.of("po"), true),
            ResourceType.builtIn("", "v1", "Service", "services", true, List.of("svc"), true),
            ResourceType.builtIn("", "v1", "ConfigMap", "configmaps", true, List.of("cm"), false),
            ResourceType.builtIn("", "v1", "Secret", "secrets", true, List.of(), false),
            ResourceType.builtIn("", "v1", "ServiceAccount", "serviceaccounts", true, List.of("sa"), false),
            ResourceType.builtIn("", "v1", "Event", "events", true, List.of("ev"), false),
            ResourceType.builtIn("", "v1", "Endpoints", "endpoints", true, List.of("ep"), false),
            ResourceType.builtIn("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true, List.of("pvc"), true),
            ResourceType.builtIn("", "v1", "PersistentVolume", "persistentvolumes", false, List.of("pv"), true),
            ResourceType.builtIn("", "v1", "Node", "nodes", false, List.of("no"), true),
            ResourceType.builtIn("apps", "v1", "Deployment", "deployments", true, List.of("deploy"), true),
            ResourceType.builtIn("apps", "v1", "StatefulSet", "statefulsets", true, List.of("sts"), true),
            ResourceType.builtIn("apps", "v1", "ReplicaSet", "replicasets", true, List.of("rs"), true),
            ResourceType.builtIn("apps", "v1", "DaemonSet", "daemonsets", true, List.of("ds"), true),
            ResourceType.builtIn("batch", "v1", "Job", "jobs", true, List.of(), true),
            ResourceType.builtIn("batch", "v1", "CronJob", "cronjobs", true, List.of("cj"), true),
            ResourceType.builtIn("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true, List.of("pdb"), true),
            // Served until Kubernetes 1.25: the Pulsar subchart of the Milvus 2.1/2.2 charts still renders it.
            ResourceType.builtIn("policy", "v1beta1", "PodDisruptionBudget", "poddisruptionbudgets", true, List.of(), true),
            ResourceType.builtIn("rbac.authorization.k8s.io", "v1", "Role", "roles", true, List.of(), false),
            ResourceType.builtIn("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true, List.of(), false),
            ResourceType.builtIn("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false, List.of(), false),
            ResourceType.builtIn("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false, List.of(), false),
            ResourceType.builtIn("networking.k8s.io", "v1", "Ingress", "ingresses", true, List.of("ing"), true),
            ResourceType.builtIn("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true, List.of("netpol"), false),
            ResourceType.builtIn("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true, List.of("hpa"), true),
            ResourceType.builtIn("coordination.k8s.io", "v1", "Lease", "leases", true, List.of(), false),
            ResourceType.builtIn("events.k8s.io", "v1", "Event", "events", true, List.of("ev"), false),
            ResourceType.builtIn("storage.k8s.io", "v1", "StorageClass", "storageclasses", false, List.of("sc"), false),
            ResourceType.builtIn("monitoring.coreos.com", "v1", "ServiceMonitor", "servicemonitors", true, List.of(), false),
            CRD);

    private final ObjectStore store;

    Registry(ObjectStore store) {
        this.store = store;
    }

    /** Built-in kinds, then the served versions of every stored CRD. */
    List<ResourceType> all() {
        List<ResourceType> out = new ArrayList<>(BUILT_IN);
        for (JsonNode crd : store.list(CRD, "", o -> true)) out.addAll(fromCrd(crd));
        return out;
    }

    Optional<ResourceType> find(String group, String version, String plural) {
        return all().stream().filter(r -> r.group().equals(group) && r.version().equals(version) && r.plural().equals(plural)).findFirst();
    }

    Optional<ResourceType> byKind(String apiVersion, String kind) {
        return all().stream().filter(r -> r.apiVersion().equals(apiVersion) && r.kind().equals(kind)).findFirst();
    }

    static List<ResourceType> fromCrd(JsonNode crd) {
        JsonNode spec = crd.path("spec");
        JsonNode names = spec.path("names");
        List<String> shortNames = new ArrayList<>();
        names.path("shortNames").forEach(n -> shortNames.add(n.asText()));
        List<String> categories = new ArrayList<>();
        names.path("categories").forEach(n -> categories.add(n.asText()));
        List<ResourceType> out = new ArrayList<>();
        for (JsonNode v : spec.path("versions")) {
            if (!v.path("served").asBoolean(true)) continue;
            List<ResourceType.PrinterColumn> columns = new ArrayList<>();
            for (JsonNode c : v.path("additionalPrinterColumns")) {
                columns.add(new ResourceType.PrinterColumn(c.path("name").asText(), c.path("type").asText("string"), c.path("jsonPath").asText(),
                        c.path("priority").asInt(0)));
            }
            out.add(new ResourceType(spec.path("group").asText(), v.path("name").asText(), names.path("kind").asText(),
                    names.path("plural").asText(), names.path("singular").asText(names.path("kind").asText().toLowerCase(Locale.ROOT)),
                    !"Cluster".equals(spec.path("scope").asText()), shortNames, categories, v.path("subresources").has("status"),
                    v.path("subresources").has("scale"), false, columns,
                    v.path("schema").has("openAPIV3Schema") ? Optional.of(v.path("schema").path("openAPIV3Schema").deepCopy()) : Optional.empty()));
        }
        return out;
    }
}
