package io.milvusgitops.simulator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The objects of one emulated cluster, for those that act inside it: the simulated kubelet and operator (which
 * move status as the real controllers do) and tests that set a cluster up. Objects are named by
 * {@code apiVersion} and {@code kind}, as in a manifest; writes go through the same rules as the API's
 * (defaulting, generation, status subresource, garbage collection), and every watch sees them.
 */
public final class Cluster {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectStore store;
    private final Registry registry;
    private final Resources resources;

    Cluster(Clock clock) {
        this.store = new ObjectStore(clock);
        this.registry = new Registry(store);
        this.resources = new Resources(store, registry);
        for (String ns : List.of("default", "kube-system", "kube-public")) namespace(ns);
    }

    ObjectStore store() {
        return store;
    }

    Registry registry() {
        return registry;
    }

    private ResourceType type(String apiVersion, String kind) {
        return registry.byKind(apiVersion, kind).orElseThrow(() -> new IllegalArgumentException("this cluster serves no " + apiVersion + " " + kind
                + (apiVersion.contains(".") ? ": load its CustomResourceDefinition first" : "")));
    }

    /** Creates the namespace unless it exists. */
    public void namespace(String name) {
        if (store.get(Registry.NAMESPACE, "", name).isPresent()) return;
        ObjectNode ns = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Namespace");
        ns.putObject("metadata").put("name", name);
        store.create(Registry.NAMESPACE, "", ns, false);
    }

    /** Creates the object, or replaces the existing one's spec (keeping its status): {@code kubectl apply}, roughly. */
    public ObjectNode apply(ObjectNode object) {
        ResourceType t = type(object.path("apiVersion").asText(), object.path("kind").asText());
        String ns = t.namespaced() ? object.path("metadata").path("namespace").asText("default") : "";
        String name = object.path("metadata").path("name").asText();
        if (store.get(t, ns, name).isEmpty()) return store.create(t, ns, object.deepCopy(), false);
        ObjectNode copy = object.deepCopy();
        ((ObjectNode) copy.path("metadata")).remove("resourceVersion");
        return store.update(t, ns, name, copy, false, false);
    }

    /** Applies every document of a YAML manifest (CRDs, samples); returns what was stored. */
    public List<ObjectNode> applyYaml(String yaml) {
        List<ObjectNode> out = new ArrayList<>();
        for (Object doc : new Load(LoadSettings.builder().setCodePointLimit(64 << 20).build()).loadAllFromString(yaml)) {
            if (doc == null) continue;
            out.add(apply(JSON.valueToTree(doc)));
        }
        return out;
    }

    public Optional<ObjectNode> get(String apiVersion, String kind, String namespace, String name) {
        ResourceType t = type(apiVersion, kind);
        return store.get(t, t.namespaced() ? namespace : "", name);
    }

    /** Objects of a kind in a namespace (all namespaces when empty) that match the label selector (empty: all). */
    public List<ObjectNode> list(String apiVersion, String kind, String namespace, String labelSelector) {
        return resources.list(type(apiVersion, kind), namespace, labelSelector, "");
    }

    public ObjectNode create(ObjectNode object) {
        ResourceType t = type(object.path("apiVersion").asText(), object.path("kind").asText());
        return store.create(t, t.namespaced() ? object.path("metadata").path("namespace").asText("default") : "", object.deepCopy(), false);
    }

    /** Changes an object as a controller writes it (spec and metadata; status is the subresource's); empty when it is gone. */
    public Optional<ObjectNode> update(String apiVersion, String kind, String namespace, String name, UnaryOperator<ObjectNode> change) {
        ResourceType t = type(apiVersion, kind);
        return store.modify(t, t.namespaced() ? namespace : "", name, false, change);
    }

    /** Changes an object's status, as a controller writes {@code /status}; empty when it is gone. */
    public Optional<ObjectNode> updateStatus(String apiVersion, String kind, String namespace, String name, UnaryOperator<ObjectNode> change) {
        ResourceType t = type(apiVersion, kind);
        return store.modify(t, t.namespaced() ? namespace : "", name, t.statusSubresource(), change);
    }

    /** Deletes the object and what it owns; false when it was not there. */
    public boolean delete(String apiVersion, String kind, String namespace, String name) {
        ResourceType t = type(apiVersion, kind);
        String ns = t.namespaced() ? namespace : "";
        if (store.get(t, ns, name).isEmpty()) return false;
        store.delete(t, ns, name, false, registry);
        return true;
    }

    /** The cluster's resourceVersion: it moves with every change. */
    public long resourceVersion() {
        return store.resourceVersion();
    }

    /** A JSON tree from text: for tests that build objects. */
    public static ObjectNode parse(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            return (ObjectNode) n;
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage(), e);
        }
    }
}
