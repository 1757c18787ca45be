package io.milvusgitops.simulator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The three patch types clients send: JSON Patch (RFC 6902), JSON merge patch (RFC 7386, custom resources)
 * and Kubernetes' strategic merge patch (built-in kinds: kubectl patch and apply, Helm's three-way upgrade
 * patches), which merges lists of objects by their key ({@code containers} by {@code name},
 * {@code volumeMounts} by {@code mountPath}), honours {@code $setElementOrder/<list>}, {@code $patch:
 * replace|delete}, {@code $retainKeys}, {@code $deleteFromPrimitiveList/<list>} and deletes fields set to null.
 */
final class Patches {

    /** patchMergeKey of the list fields of the built-in types (k8s.io/api). */
    private static final Map<String, String> MERGE_KEYS = mergeKeys();
    /** Lists of strings merged as sets (patchStrategy: merge on a primitive list). */
    private static final Set<String> PRIMITIVE_MERGE = Set.of("finalizers");

    private Patches() {
    }

    private static Map<String, String> mergeKeys() {
        Map<String, String> m = new HashMap<>();
        for (String f : List.of("containers", "initContainers", "ephemeralContainers", "env", "volumes", "imagePullSecrets",
                "resourceClaims", "readinessGates", "schedulingGates")) {
            m.put(f, "name");
        }
        m.put("volumeMounts", "mountPath");
        m.put("volumeDevices", "devicePath");
        m.put("hostAliases", "ip");
        m.put("ownerReferences", "uid");
        m.put("conditions", "type");
        m.put("topologySpreadConstraints", "topologyKey");
        m.put("ports", "port");
        return Map.copyOf(m);
    }

    static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) return patch.deepCopy();
        ObjectNode out = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : JsonNodeFactory.instance.objectNode();
        patch.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) out.remove(e.getKey());
            else out.set(e.getKey(), merge(out.get(e.getKey()), e.getValue()));
        });
        return out;
    }

    static JsonNode json(JsonNode doc, JsonNode ops) {
        if (!ops.isArray()) throw ApiException.badRequest("a JSON patch is an array of operations");
        JsonNode out = doc.deepCopy();
        for (JsonNode op : ops) {
            String kind = op.path("op").asText();
            String path = op.path("path").asText();
            try {
                switch (kind) {
                    case "test" -> {
                        if (!at(out, path).equals(op.get("value"))) throw invalid("test failed at " + path);
                    }
                    case "add" -> out = add(out, path, op.get("value").deepCopy());
                    case "replace" -> {
                        at(out, path); // must exist
                        out = remove(out, path);
                        out = add(out, path, op.get("value").deepCopy());
                    }
                    case "remove" -> out = remove(out, path);
                    case "move" -> {
                        JsonNode v = at(out, op.path("from").asText()).deepCopy();
                        out = add(remove(out, op.path("from").asText()), path, v);
                    }
                    case "copy" -> out = add(out, path, at(out, op.path("from").asText()).deepCopy());
                    default -> throw invalid("unknown operation " + kind);
                }
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw invalid("jsonpatch " + kind + " operation does not apply: doc is missing path: " + path);
            }
        }
        return out;
    }

    private static ApiException invalid(String why) {
        return new ApiException(422, "Invalid", "the server rejected our request due to an error in our request: " + why, null, null);
    }

    private static List<String> pointer(String path) {
        List<String> parts = new ArrayList<>();
        if (path.isEmpty()) return parts;
        for (String p : path.substring(1).split("/", -1)) parts.add(p.replace("~1", "/").replace("~0", "~"));
        return parts;
    }

    private static JsonNode at(JsonNode doc, String path) {
        return walk(doc, pointer(path));
    }

    private static JsonNode walk(JsonNode doc, List<String> parts) {
        JsonNode cur = doc;
        for (String p : parts) {
            cur = cur.isArray() ? cur.get(Integer.parseInt(p)) : cur.get(p);
            if (cur == null) throw new IllegalArgumentException(String.join("/", parts));
        }
        return cur;
    }

    private static JsonNode add(JsonNode doc, String path, JsonNode value) {
        List<String> parts = pointer(path);
        if (parts.isEmpty()) return value;
        JsonNode parent = walk(doc, parts.subList(0, parts.size() - 1));
        String last = parts.get(parts.size() - 1);
        if (parent instanceof ArrayNode a) {
            if (last.equals("-")) a.add(value);
            else a.insert(Integer.parseInt(last), value);
        } else if (parent instanceof ObjectNode o) {
            o.set(last, value);
        } else {
            throw new IllegalArgumentException(path);
        }
        return doc;
    }

    private static JsonNode remove(JsonNode doc, String path) {
        List<String> parts = pointer(path);
        if (parts.isEmpty()) throw new IllegalArgumentException("the whole document");
        JsonNode parent = walk(doc, parts.subList(0, parts.size() - 1));
        String last = parts.get(parts.size() - 1);
        if (parent instanceof ArrayNode a) a.remove(Integer.parseInt(last));
        else if (parent instanceof ObjectNode o && o.has(last)) o.remove(last);
        else throw new IllegalArgumentException(path);
        return doc;
    }

    static JsonNode strategic(JsonNode target, JsonNode patch) {
        return strategic(target, patch, List.of());
    }

    private static JsonNode strategic(JsonNode target, JsonNode patch, List<String> path) {
        if (!patch.isObject()) return patch.deepCopy();
        if ("replace".equals(patch.path("$patch").asText())) {
            ObjectNode replaced = ((ObjectNode) patch).deepCopy();
            replaced.remove("$patch");
            return replaced;
        }
        ObjectNode out = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : JsonNodeFactory.instance.objectNode();
        if (patch.get("$retainKeys") instanceof ArrayNode keep) {
            Set<String> kept = new HashSet<>();
            keep.forEach(k -> kept.add(k.asText()));
            out.retain(kept);
        }
        Map<String, JsonNode> orders = new HashMap<>();
        for (var it = patch.fields(); it.hasNext(); ) {
            var e = it.next();
            String k = e.getKey();
            JsonNode v = e.getValue();
            if (k.equals("$patch") || k.equals("$retainKeys")) continue;
            if (k.startsWith("$setElementOrder/")) {
                orders.put(k.substring(k.indexOf('/') + 1), v);
            } else if (k.startsWith("$deleteFromPrimitiveList/")) {
                String field = k.substring(k.indexOf('/') + 1);
                if (out.get(field) instanceof ArrayNode list) {
                    ArrayNode kept = JsonNodeFactory.instance.arrayNode();
                    list.forEach(x -> {
                        if (!contains(v, x)) kept.add(x);
                    });
                    out.set(field, kept);
                }
            } else if (v.isNull()) {
                out.remove(k);
            } else if (v.isObject() && "delete".equals(v.path("$patch").asText())) {
                out.remove(k);
            } else if (v.isObject()) {
                out.set(k, strategic(out.get(k), v, append(path, k)));
            } else if (v.isArray()) {
                out.set(k, strategicList(out.get(k), (ArrayNode) v, k, append(path, k)));
            } else {
                out.set(k, v.deepCopy());
            }
        }
        orders.forEach((field, order) -> {
            String key = mergeKey(field, append(path, field));
            if (key != null && out.get(field) instanceof ArrayNode list) out.set(field, reorder(list, order, key));
        });
        return out;
    }

    private static JsonNode strategicList(JsonNode target, ArrayNode patch, String field, List<String> path) {
        ArrayNode orig = target instanceof ArrayNode a ? a : JsonNodeFactory.instance.arrayNode();
        for (JsonNode item : patch) {
            if (item.isObject() && "replace".equals(item.path("$patch").asText())) {
                ArrayNode replaced = JsonNodeFactory.instance.arrayNode();
                patch.forEach(i -> {
                    if (!(i.isObject() && "replace".equals(i.path("$patch").asText()))) replaced.add(i.deepCopy());
                });
                return replaced;
            }
        }
        if (PRIMITIVE_MERGE.contains(field)) {
            ArrayNode out = orig.deepCopy();
            patch.forEach(i -> {
                if (!contains(out, i)) out.add(i.deepCopy());
            });
            return out;
        }
        String key = mergeKey(field, path);
        boolean objects = true;
        for (JsonNode i : patch) objects &= i.isObject();
        if (key == null || !objects) return patch.deepCopy();
        ArrayNode out = orig.deepCopy();
        for (JsonNode item : patch) {
            int at = indexOf(out, key, item.get(key));
            if ("delete".equals(item.path("$patch").asText())) {
                if (at >= 0) out.remove(at);
            } else if (at < 0) {
                out.add(strategic(JsonNodeFactory.instance.objectNode(), item, path));
            } else {
                out.set(at, strategic(out.get(at), item, path));
            }
        }
        return out;
    }

    /** {@code ports} merge by {@code containerPort} inside a container, by {@code port} in a Service. */
    private static String mergeKey(String field, List<String> path) {
        if (field.equals("ports") && path.stream().anyMatch(p -> p.equals("containers") || p.equals("initContainers")
                || p.equals("ephemeralContainers"))) {
            return "containerPort";
        }
        return MERGE_KEYS.get(field);
    }

    private static ArrayNode reorder(ArrayNode list, JsonNode order, String key) {
        List<JsonNode> items = new ArrayList<>();
        list.forEach(items::add);
        List<JsonNode> keys = new ArrayList<>();
        order.forEach(o -> keys.add(o.get(key) == null ? NullNode.instance : o.get(key)));
        items.sort((a, b) -> Integer.compare(position(keys, a.get(key)), position(keys, b.get(key))));
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        items.forEach(out::add);
        return out;
    }

    private static int position(List<JsonNode> keys, JsonNode k) {
        int i = k == null ? -1 : keys.indexOf(k);
        return i < 0 ? keys.size() : i;
    }

    private static int indexOf(ArrayNode list, String key, JsonNode value) {
        for (int i = 0; i < list.size(); i++) {
            if (value != null && value.equals(list.get(i).get(key))) return i;
        }
        return -1;
    }

    private static boolean contains(JsonNode list, JsonNode x) {
        for (JsonNode i : list) if (i.equals(x)) return true;
        return false;
    }

    private static List<String> append(List<String> path, String k) {
        List<String> out = new ArrayList<>(path);
        out.add(k);
        return out;
    }
}
