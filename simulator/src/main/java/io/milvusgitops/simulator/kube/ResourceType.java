package io.milvusgitops.simulator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One kind of object the API server serves: where it lives ({@code /apis/<group>/<version>/.../<plural>}),
 * what discovery says of it, and how it behaves (a status subresource keeps {@code status} apart from the
 * spec; a scale subresource).
 *
 * @param printerColumns for custom resources, the CRD's {@code additionalPrinterColumns}
 * @param schema         for custom resources, the version's {@code openAPIV3Schema} ({@link StructuralSchema})
 */
public record ResourceType(String group, String version, String kind, String plural, String singular, boolean namespaced,
                           List<String> shortNames, List<String> categories, boolean statusSubresource, boolean scaleSubresource,
                           boolean builtIn, List<PrinterColumn> printerColumns, Optional<JsonNode> schema) {

    /** A column {@code kubectl get} shows for a custom resource. */
    public record PrinterColumn(String name, String type, String jsonPath, int priority) {
    }

    public ResourceType {
        shortNames = List.copyOf(shortNames);
        categories = List.copyOf(categories);
        printerColumns = List.copyOf(printerColumns);
    }

    static ResourceType builtIn(String group, String version, String kind, String plural, boolean namespaced, List<String> shortNames,
                                boolean status) {
        boolean scale = kind.equals("Deployment") || kind.equals("StatefulSet") || kind.equals("ReplicaSet");
        return new ResourceType(group, version, kind, plural, kind.toLowerCase(Locale.ROOT), namespaced, shortNames,
                List.of(), status, scale, true, List.of(), Optional.empty());
    }

    /** {@code apps/v1}, {@code v1}. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** {@code deployments.apps}, {@code configmaps}: how errors name it. */
    public String qualifiedPlural() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    /** The store's bucket: one per group and plural (all versions of a kind share their objects). */
    String bucket() {
        return group + "/" + plural;
    }
}
