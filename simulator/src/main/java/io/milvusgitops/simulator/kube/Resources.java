package io.milvusgitops.simulator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Predicate;

/**
 * The verbs on objects, independent of HTTP: get, list, create, update (with {@code /status} and
 * {@code /scale}), the patch types and delete, with the API server's checks (kind and version match the
 * URL, the resourceVersion is current, strategic merge patch only for built-in kinds).
 */
final class Resources {

    static final String JSON_PATCH = "application/json-patch+json";
    static final String MERGE_PATCH = "application/merge-patch+json";
    static final String STRATEGIC_PATCH = "application/strategic-merge-patch+json";
    static final String APPLY_PATCH = "application/apply-patch+yaml";

    private final ObjectStore store;
    private final Registry registry;

    Resources(ObjectStore store, Registry registry) {
        this.store = store;
        this.registry = registry;
    }

    ObjectNode get(ResourceType t, String ns, String name) {
        return store.get(t, ns, name).orElseThrow(() -> ApiException.notFound(t, name));
    }

    List<ObjectNode> list(ResourceType t, String ns, String labelSelector, String fieldSelector) {
        Predicate<JsonNode> labels = Selectors.labels(labelSelector);
        Predicate<JsonNode> fields = Selectors.fields(fieldSelector);
        return store.list(t, ns, o -> labels.test(o) && fields.test(o));
    }

    ObjectNode listObject(ResourceType t, List<ObjectNode> items, long resourceVersion) {
        ObjectNode list = JsonNodeFactory.instance.objectNode().put("kind", t.kind() + "List").put("apiVersion", t.apiVersion());
        list.putObject("metadata").put("resourceVersion", String.valueOf(resourceVersion));
        list.putArray("items").addAll(items);
        return list;
    }

    ObjectNode create(ResourceType t, String ns, JsonNode body, boolean dryRun) {
        if (!(body instanceof ObjectNode obj)) throw ApiException.badRequest("the request body is not an object");
        if (!t.kind().equals(obj.path("kind").asText()) || !t.apiVersion().equals(obj.path("apiVersion").asText())) {
            throw ApiException.badRequest("the API version in the data (" + obj.path("apiVersion").asText() + ") does not match the expected API "
                    + "version (" + t.apiVersion() + ")");
        }
        return store.create(t, ns, obj, dryRun);
    }

    ObjectNode update(ResourceType t, String ns, String name, String subresource, JsonNode body, boolean dryRun) {
        if (!(body instanceof ObjectNode obj)) throw ApiException.badRequest("the request body is not an object");
        if ("scale".equals(subresource)) return scale(t, ns, name, obj.path("spec").path("replicas").asInt(1), dryRun);
        return store.update(t, ns, name, obj, "status".equals(subresource), dryRun);
    }

    ObjectNode patch(ResourceType t, String ns, String name, String subresource, String contentType, JsonNode patch, boolean dryRun) {
        if (contentType.equals(APPLY_PATCH) && store.get(t, ns, name).isEmpty()) {
            // Server-side apply creates what is not there yet.
            return create(t, ns, patch, dryRun);
        }
        ObjectNode current = "scale".equals(subresource) ? scaleOf(get(t, ns, name)) : get(t, ns, name);
        JsonNode patched = switch (contentType) {
            case JSON_PATCH -> Patches.json(current, patch);
            case MERGE_PATCH, APPLY_PATCH -> Patches.merge(current, patch); // apply: a merge, without field ownership
            case STRATEGIC_PATCH -> {
                if (!t.builtIn()) {
                    throw ApiException.unsupportedMediaType("the body of the request was in an unknown format - accepted media types include: "
                            + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
                }
                yield Patches.strategic(current, patch);
            }
            default -> throw ApiException.unsupportedMediaType("the body of the request was in an unknown format - accepted media types include: "
                    + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
        };
        if (!(patched instanceof ObjectNode next)) throw ApiException.badRequest("the patch does not leave an object");
        if ("scale".equals(subresource)) return scale(t, ns, name, next.path("spec").path("replicas").asInt(1), dryRun);
        // A patch applies to what is stored now: only a resourceVersion the patch itself names is checked.
        if (!patch.path("metadata").has("resourceVersion")) ((ObjectNode) next.path("metadata")).remove("resourceVersion");
        return store.update(t, ns, name, next, "status".equals(subresource), dryRun);
    }

    ObjectNode delete(ResourceType t, String ns, String name, boolean dryRun) {
        return store.delete(t, ns, name, dryRun, registry);
    }

    private ObjectNode scale(ResourceType t, String ns, String name, int replicas, boolean dryRun) {
        if (!t.scaleSubresource()) throw ApiException.noSuchPath();
        ObjectNode current = get(t, ns, name);
        ((ObjectNode) current.path("spec")).put("replicas", replicas);
        current.remove("status");
        ((ObjectNode) current.path("metadata")).remove("resourceVersion");
        return scaleOf(store.update(t, ns, name, current, false, dryRun));
    }

    /** The {@code autoscaling/v1 Scale} of a Deployment, StatefulSet or ReplicaSet. */
    static ObjectNode scaleOf(ObjectNode o) {
        ObjectNode s = JsonNodeFactory.instance.objectNode().put("kind", "Scale").put("apiVersion", "autoscaling/v1");
        ObjectNode md = s.putObject("metadata");
        for (String f : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
            if (o.path("metadata").has(f)) md.set(f, o.path("metadata").get(f));
        }
        s.putObject("spec").put("replicas", o.path("spec").path("replicas").asInt(1));
        StringBuilder selector = new StringBuilder();
        o.path("spec").path("selector").path("matchLabels").fields().forEachRemaining(e -> {
            if (!selector.isEmpty()) selector.append(',');
            selector.append(e.getKey()).append('=').append(e.getValue().asText());
        });
        s.putObject("status").put("replicas", o.path("status").path("replicas").asInt(0)).put("selector", selector.toString());
        return s;
    }
}
