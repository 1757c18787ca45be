package io.milvusgitops.simulator.kube;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What clients learn before they ask for anything: {@code /version}, the API groups and the resources of each
 * group version (legacy discovery, which every kubectl and Helm accept), and the OpenAPI document kubectl and
 * Helm download before they validate (the smallest valid one: no schemas, so validation passes).
 */
final class Discovery {

    /** The Kubernetes version the emulator claims: Helm's Capabilities and the charts' kubeVersion checks read it. */
    static final String VERSION = "v1.32.2";
    /** An OpenAPI v2 document in protobuf with only {@code swagger: "2.0"} (gnostic's field 1): enough for kubectl and Helm. */
    static final byte[] OPENAPI_V2 = {0x0a, 0x03, '2', '.', '0'};
    static final String OPENAPI_V2_TYPE = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final Registry registry;

    Discovery(Registry registry) {
        this.registry = registry;
    }

    static ObjectNode version() {
        String[] parts = VERSION.substring(1).split("\\.");
        return JSON.objectNode().put("major", parts[0]).put("minor", parts[1]).put("gitVersion", VERSION).put("gitCommit", "simulated")
                .put("gitTreeState", "clean").put("buildDate", "2026-01-01T00:00:00Z").put("goVersion", "go1.23").put("compiler", "gc")
                .put("platform", "linux/amd64");
    }

    static ObjectNode coreVersions() {
        ObjectNode o = JSON.objectNode().put("kind", "APIVersions");
        o.putArray("versions").add("v1");
        o.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0").put("serverAddress", "127.0.0.1:6443");
        return o;
    }

    private Map<String, List<String>> groups() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (ResourceType t : registry.all()) {
            if (t.group().isEmpty()) continue;
            List<String> versions = out.computeIfAbsent(t.group(), g -> new ArrayList<>());
            if (!versions.contains(t.version())) versions.add(t.version());
        }
        out.values().forEach(versions -> versions.sort(KUBE_VERSION_PRIORITY));
        return out;
    }

    private static final Pattern KUBE_VERSION = Pattern.compile("v(\\d+)(?:(alpha|beta)(\\d+))?");

    /**
     * The order in which the API server lists a group's versions, the first being the preferred one clients use:
     * GA before beta before alpha, higher numbers first, names that are no Kubernetes version last, alphabetically
     * (so kubectl shows {@code milvus.io/v1beta1} and its printer columns, not {@code v1alpha1}).
     */
    static final Comparator<String> KUBE_VERSION_PRIORITY = Comparator
            .<String>comparingInt(v -> KUBE_VERSION.matcher(v).matches() ? 0 : 1)
            .thenComparing(Comparator.comparingInt(Discovery::stability).reversed())
            .thenComparing(Comparator.comparingInt((String v) -> number(v, 1)).reversed())
            .thenComparing(Comparator.comparingInt((String v) -> number(v, 3)).reversed())
            .thenComparing(Comparator.naturalOrder());

    private static int stability(String version) {
        Matcher m = KUBE_VERSION.matcher(version);
        if (!m.matches()) return 0;
        return m.group(2) == null ? 3 : m.group(2).equals("beta") ? 2 : 1;
    }

    private static int number(String version, int group) {
        Matcher m = KUBE_VERSION.matcher(version);
        return m.matches() && m.group(group) != null ? Integer.parseInt(m.group(group)) : 0;
    }

    ObjectNode groupList() {
        ObjectNode o = JSON.objectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
        ArrayNode items = o.putArray("groups");
        groups().forEach((g, versions) -> items.add(group(g, versions)));
        return o;
    }

    Optional<ObjectNode> group(String name) {
        List<String> versions = groups().get(name);
        return versions == null ? Optional.empty() : Optional.of(group(name, versions).put("kind", "APIGroup").put("apiVersion", "v1"));
    }

    private static ObjectNode group(String name, List<String> versions) {
        ObjectNode g = JSON.objectNode().put("name", name);
        ArrayNode vs = g.putArray("versions");
        versions.forEach(v -> vs.addObject().put("groupVersion", name + "/" + v).put("version", v));
        g.putObject("preferredVersion").put("groupVersion", name + "/" + versions.get(0)).put("version", versions.get(0));
        return g;
    }

    /** The resources of one group version ({@code ""} is core), with their status and scale subresources. */
    Optional<ObjectNode> resources(String group, String version) {
        List<ResourceType> types = registry.all().stream().filter(t -> t.group().equals(group) && t.version().equals(version)).toList();
        if (types.isEmpty()) return Optional.empty();
        ObjectNode o = JSON.objectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
                .put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode list = o.putArray("resources");
        for (ResourceType t : types) {
            ObjectNode r = list.addObject().put("name", t.plural()).put("singularName", t.singular()).put("namespaced", t.namespaced())
                    .put("kind", t.kind());
            ArrayNode verbs = r.putArray("verbs");
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch").forEach(verbs::add);
            if (!t.shortNames().isEmpty()) t.shortNames().forEach(r.withArray("shortNames")::add);
            if (!t.categories().isEmpty()) t.categories().forEach(r.withArray("categories")::add);
            if (t.statusSubresource()) {
                ObjectNode s = list.addObject().put("name", t.plural() + "/status").put("singularName", "").put("namespaced", t.namespaced())
                        .put("kind", t.kind());
                s.putArray("verbs").add("get").add("patch").add("update");
            }
            if (t.scaleSubresource()) {
                ObjectNode s = list.addObject().put("name", t.plural() + "/scale").put("singularName", "").put("namespaced", t.namespaced())
                        .put("group", "autoscaling").put("version", "v1").put("kind", "Scale");
                s.putArray("verbs").add("get").add("patch").add("update");
            }
        }
        return Optional.of(o);
    }
}
