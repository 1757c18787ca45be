package io.milvusgitops.simulator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a real API server does with a custom resource on every write, from its CRD's structural
 * {@code openAPIV3Schema}: fields the schema does not know are pruned (unless
 * {@code x-kubernetes-preserve-unknown-fields}), {@code default}s are filled in, and the value is validated: types
 * ({@code x-kubernetes-int-or-string} too), {@code enum}, {@code required}, {@code minimum}/{@code maximum},
 * {@code minLength}/{@code maxLength}, {@code pattern}, {@code nullable}. A value that fails is refused with 422 and the
 * API server's own wording ({@code spec.mode: Unsupported value: "clustr": supported values: "standalone", "cluster"}).
 * Metadata is the API server's own and not checked here.
 */
final class StructuralSchema {

    private StructuralSchema() {
    }

    /** Prunes and defaults {@code object} in place; throws 422 Invalid listing every violation. */
    static void admit(ResourceType t, ObjectNode object, JsonNode schema) {
        List<String> errors = new ArrayList<>();
        JsonNode properties = schema.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (List.of("apiVersion", "kind", "metadata").contains(f.getKey())) continue;
            if (!properties.has(f.getKey()) && !schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                it.remove();
                continue;
            }
            JsonNode fixed = visit(properties.path(f.getKey()), f.getValue(), f.getKey(), errors);
            if (fixed != f.getValue()) f.setValue(fixed);
        }
        defaults(properties, object, errors, "");
        for (JsonNode required : schema.path("required")) {
            if (!object.has(required.asText())) errors.add(required.asText() + ": Required value");
        }
        if (errors.isEmpty()) return;
        throw ApiException.invalid(t, object.path("metadata").path("name").asText(""), errors.stream().map(ApiException.Cause::of).toList());
    }

    /** Checks {@code value} at {@code path}; objects and arrays are pruned and defaulted below. Returns the value to keep. */
    private static JsonNode visit(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (schema.isMissingNode()) return value;
        if (value.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) errors.add(path + ": Invalid value: \"null\": " + path + " in body must be of type "
                    + schema.path("type").asText("object") + ": \"null\"");
            return value;
        }
        if (!typeMatches(schema, value)) {
            errors.add(path + ": Invalid value: \"" + kindOf(value) + "\": " + path + " in body must be of type " + schema.path("type").asText() + ": \""
                    + kindOf(value) + "\"");
            return value;
        }
        if (schema.has("enum") && !contains(schema.path("enum"), value)) {
            List<String> allowed = new ArrayList<>();
            schema.path("enum").forEach(e -> allowed.add(e.isTextual() ? "\"" + e.asText() + "\"" : e.toString()));
            errors.add(path + ": Unsupported value: " + value + ": supported values: " + String.join(", ", allowed));
        }
        if (value.isNumber()) {
            if (schema.has("minimum") && value.asDouble() < schema.path("minimum").asDouble()) {
                errors.add(path + ": Invalid value: " + value + ": " + path + " in body should be greater than or equal to " + schema.path("minimum").asText());
            }
            if (schema.has("maximum") && value.asDouble() > schema.path("maximum").asDouble()) {
                errors.add(path + ": Invalid value: " + value + ": " + path + " in body should be less than or equal to " + schema.path("maximum").asText());
            }
        }
        if (value.isTextual()) text(schema, value.asText(), path, errors);
        if (value instanceof ObjectNode o) object(schema, o, path, errors);
        if (value instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                JsonNode fixed = visit(schema.path("items"), a.get(i), path + "[" + i + "]", errors);
                if (fixed != a.get(i)) a.set(i, fixed);
            }
        }
        return value;
    }

    private static void text(JsonNode schema, String s, String path, List<String> errors) {
        if (schema.has("minLength") && s.length() < schema.path("minLength").asInt()) {
            errors.add(path + ": Invalid value: \"" + s + "\": " + path + " in body should be at least " + schema.path("minLength").asInt() + " chars long");
        }
        if (schema.has("maxLength") && s.length() > schema.path("maxLength").asInt()) {
            errors.add(path + ": Too long: may not be longer than " + schema.path("maxLength").asInt());
        }
        if (schema.has("pattern")) {
            try {
                if (!Pattern.compile(schema.path("pattern").asText()).matcher(s).find()) {
                    errors.add(path + ": Invalid value: \"" + s + "\": " + path + " in body should match '" + schema.path("pattern").asText() + "'");
                }
            } catch (PatternSyntaxException e) {
                // a Go regular expression Java does not read: the real API server checks it, this one cannot
            }
        }
    }

    private static void object(JsonNode schema, ObjectNode o, String path, List<String> errors) {
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.path("additionalProperties");
        boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String at = path + "." + f.getKey();
            JsonNode fieldSchema = properties.has(f.getKey()) ? properties.path(f.getKey()) : additional.isObject() ? additional : null;
            if (fieldSchema == null) {
                if (!preserve) it.remove(); // pruned: the API server drops what the structural schema does not know
                continue;
            }
            JsonNode fixed = visit(fieldSchema, f.getValue(), at, errors);
            if (fixed != f.getValue()) f.setValue(fixed);
        }
        defaults(properties, o, errors, path);
        for (JsonNode required : schema.path("required")) {
            if (!o.has(required.asText())) errors.add(path + "." + required.asText() + ": Required value");
        }
    }

    /** A missing property with a {@code default} gets it (itself then checked, as the API server does). */
    private static void defaults(JsonNode properties, ObjectNode o, List<String> errors, String path) {
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            if (!o.has(p.getKey()) && p.getValue().has("default")) {
                o.set(p.getKey(), p.getValue().get("default").deepCopy());
                visit(p.getValue(), o.get(p.getKey()), path.isEmpty() ? p.getKey() : path + "." + p.getKey(), errors);
            }
        }
    }

    private static boolean typeMatches(JsonNode schema, JsonNode value) {
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) return value.isIntegralNumber() || value.isTextual();
        return switch (schema.path("type").asText("")) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber() || value.isNumber() && value.asDouble() == Math.rint(value.asDouble());
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true; // no type: anything (x-kubernetes-preserve-unknown-fields values)
        };
    }

    private static String kindOf(JsonNode v) {
        if (v.isObject()) return "object";
        if (v.isArray()) return "array";
        if (v.isTextual()) return "string";
        if (v.isBoolean()) return "boolean";
        if (v.isIntegralNumber()) return "integer";
        if (v.isNumber()) return "number";
        return "null";
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode v : values) if (v.equals(value) || v.isTextual() && value.isTextual() && v.asText().equals(value.asText())) return true;
        return false;
    }
}
