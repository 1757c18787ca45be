package io.milvusgitops.simulator.kube;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** A failed request, answered as the API server does: a {@code metav1.Status} with the code, reason and message. */
final class ApiException extends RuntimeException {

    /** One field's problem in a 422: kubectl lists them as {@code * <field>: <message>}. */
    record Cause(String field, String message) {
        /** "spec.mode: Unsupported value: ...": the field before the first ": ". */
        static Cause of(String line) {
            int colon = line.indexOf(": ");
            return colon < 0 ? new Cause("", line) : new Cause(line.substring(0, colon), line.substring(colon + 2));
        }

        @Override
        public String toString() {
            return field.isEmpty() ? message : field + ": " + message;
        }
    }

    final int code;
    final String reason;
    private final String name;
    private final ResourceType type;
    private final List<Cause> causes;

    ApiException(int code, String reason, String message, ResourceType type, String name) {
        this(code, reason, message, type, name, List.of());
    }

    private ApiException(int code, String reason, String message, ResourceType type, String name, List<Cause> causes) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.type = type;
        this.name = name;
        this.causes = List.copyOf(causes);
    }

    static ApiException notFound(ResourceType t, String name) {
        return new ApiException(404, "NotFound", t.qualifiedPlural() + " \"" + name + "\" not found", t, name);
    }

    static ApiException noSuchPath() {
        return new ApiException(404, "NotFound", "the server could not find the requested resource", null, null);
    }

    static ApiException alreadyExists(ResourceType t, String name) {
        return new ApiException(409, "AlreadyExists", t.qualifiedPlural() + " \"" + name + "\" already exists", t, name);
    }

    static ApiException conflict(ResourceType t, String name) {
        return new ApiException(409, "Conflict", "Operation cannot be fulfilled on " + t.qualifiedPlural() + " \"" + name
                + "\": the object has been modified; please apply your changes to the latest version and try again", t, name);
    }

    /** The answer a test's {@link ApiServer.Interceptor} asked for in the server's place. */
    static ApiException injected(int code) {
        return new ApiException(code, code == 500 ? "InternalError" : "ServiceUnavailable", "emulator: a fault the test asked for", null, null);
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequest", message, null, null);
    }

    static ApiException invalid(ResourceType t, String name, String problem) {
        return invalid(t, name, List.of(Cause.of(problem)));
    }

    /** 422 as the API server words it: {@code Milvus.milvus.io "x" is invalid: [spec.mode: ..., spec.replicas: ...]}, with the causes. */
    static ApiException invalid(ResourceType t, String name, List<Cause> causes) {
        String listed = causes.size() == 1 ? causes.get(0).toString() : causes.stream().map(Cause::toString).toList().toString();
        return new ApiException(422, "Invalid", t.kind() + (t.group().isEmpty() ? "" : "." + t.group()) + " \"" + name + "\" is invalid: " + listed,
                t, name, causes);
    }

    static ApiException unsupportedMediaType(String message) {
        return new ApiException(415, "UnsupportedMediaType", message, null, null);
    }

    /** The {@code Status} body: kubectl prints {@code Error from server (<reason>): <message>}. */
    ObjectNode status() {
        ObjectNode s = JsonNodeFactory.instance.objectNode().put("kind", "Status").put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Failure").put("message", getMessage()).put("reason", reason);
        if (type != null) {
            ObjectNode d = s.putObject("details");
            if (name != null) d.put("name", name);
            // A 422 names the kind (kubectl: 'The Milvus "x" is invalid'); the others the resource ('deployments').
            d.put("group", type.group()).put("kind", code == 422 ? type.kind() : type.plural());
            if (!causes.isEmpty()) {
                ArrayNode list = d.putArray("causes");
                causes.forEach(c -> list.addObject().put("reason", "FieldValueInvalid").put("message", c.message()).put("field", c.field()));
            }
        }
        return s.put("code", code);
    }
}
