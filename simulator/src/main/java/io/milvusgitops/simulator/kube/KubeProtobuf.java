package io.milvusgitops.simulator.kube;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads the Kubernetes protobuf encoding ({@code application/vnd.kubernetes.protobuf}) of the objects client-go's
 * typed clients write: native Helm keeps its release records in Secrets and writes them only this way (no JSON
 * fallback), and a ConfigMap store does the same. The envelope is {@code "k8s\0"} and a {@code runtime.Unknown}
 * (type meta, raw object); field numbers follow k8s.io/api's generated.proto.
 */
final class KubeProtobuf {

    private static final byte[] MAGIC = {'k', '8', 's', 0};

    /** A field of a message: its number, and its value as a varint or as bytes. */
    private record Field(int number, long varint, ByteString bytes) {
    }

    private KubeProtobuf() {
    }

    static ObjectNode decode(byte[] body) {
        if (body.length < 4 || body[0] != MAGIC[0] || body[1] != MAGIC[1] || body[2] != MAGIC[2] || body[3] != MAGIC[3]) {
            throw ApiException.unsupportedMediaType("the body is not in the Kubernetes protobuf encoding");
        }
        try {
            List<Field> envelope = fields(ByteString.copyFrom(body, 4, body.length - 4));
            List<Field> typeMeta = fields(first(envelope, 1));
            String apiVersion = first(typeMeta, 1).toStringUtf8();
            String kind = first(typeMeta, 2).toStringUtf8();
            List<Field> raw = fields(first(envelope, 2));
            ObjectNode o = JsonNodeFactory.instance.objectNode().put("apiVersion", apiVersion).put("kind", kind);
            switch (kind) {
                case "Secret" -> secret(o, raw);
                case "ConfigMap" -> configMap(o, raw);
                default -> throw ApiException.unsupportedMediaType("the protobuf encoding of " + kind + " is not read by this emulator: send JSON");
            }
            return o;
        } catch (IOException e) {
            throw ApiException.badRequest("the protobuf body could not be decoded: " + e.getMessage());
        }
    }

    private static void secret(ObjectNode o, List<Field> raw) throws IOException {
        for (Field f : raw) {
            switch (f.number()) {
                case 1 -> o.set("metadata", meta(fields(f.bytes())));
                case 2 -> entry(o, "data", f.bytes(), true);
                case 3 -> o.put("type", f.bytes().toStringUtf8());
                case 4 -> entry(o, "stringData", f.bytes(), false);
                case 5 -> o.put("immutable", f.varint() != 0);
                default -> { }
            }
        }
    }

    private static void configMap(ObjectNode o, List<Field> raw) throws IOException {
        for (Field f : raw) {
            switch (f.number()) {
                case 1 -> o.set("metadata", meta(fields(f.bytes())));
                case 2 -> entry(o, "data", f.bytes(), false);
                case 3 -> entry(o, "binaryData", f.bytes(), true);
                case 4 -> o.put("immutable", f.varint() != 0);
                default -> { }
            }
        }
    }

    private static ObjectNode meta(List<Field> fields) throws IOException {
        ObjectNode md = JsonNodeFactory.instance.objectNode();
        ArrayNode owners = JsonNodeFactory.instance.arrayNode();
        ArrayNode finalizers = JsonNodeFactory.instance.arrayNode();
        for (Field f : fields) {
            switch (f.number()) {
                case 1 -> text(md, "name", f);
                case 2 -> text(md, "generateName", f);
                case 3 -> text(md, "namespace", f);
                case 5 -> text(md, "uid", f);
                case 6 -> text(md, "resourceVersion", f);
                case 7 -> md.put("generation", f.varint());
                case 8 -> md.put("creationTimestamp", Instant.ofEpochSecond(first(fields(f.bytes()), 1, 0)).toString());
                case 11 -> entry(md, "labels", f.bytes(), false);
                case 12 -> entry(md, "annotations", f.bytes(), false);
                case 13 -> owners.add(owner(fields(f.bytes())));
                case 14 -> finalizers.add(f.bytes().toStringUtf8());
                default -> { }
            }
        }
        if (!owners.isEmpty()) md.set("ownerReferences", owners);
        if (!finalizers.isEmpty()) md.set("finalizers", finalizers);
        return md;
    }

    private static ObjectNode owner(List<Field> fields) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (Field f : fields) {
            switch (f.number()) {
                case 1 -> o.put("kind", f.bytes().toStringUtf8());
                case 3 -> o.put("name", f.bytes().toStringUtf8());
                case 4 -> o.put("uid", f.bytes().toStringUtf8());
                case 5 -> o.put("apiVersion", f.bytes().toStringUtf8());
                case 6 -> o.put("controller", f.varint() != 0);
                case 7 -> o.put("blockOwnerDeletion", f.varint() != 0);
                default -> { }
            }
        }
        return o;
    }

    private static void text(ObjectNode o, String field, Field f) {
        String s = f.bytes().toStringUtf8();
        if (!s.isEmpty()) o.put(field, s);
    }

    /** One map entry (key = field 1, value = field 2) into {@code o.<map>}; bytes values are base64 as in JSON. */
    private static void entry(ObjectNode o, String map, ByteString entry, boolean bytesValue) throws IOException {
        List<Field> kv = fields(entry);
        ObjectNode m = o.get(map) instanceof ObjectNode existing ? existing : o.putObject(map);
        ByteString value = first(kv, 2);
        m.put(first(kv, 1).toStringUtf8(), bytesValue ? Base64.getEncoder().encodeToString(value.toByteArray()) : value.toStringUtf8());
    }

    private static ByteString first(List<Field> fields, int number) {
        return fields.stream().filter(f -> f.number() == number && f.bytes() != null).map(Field::bytes).findFirst().orElse(ByteString.EMPTY);
    }

    private static long first(List<Field> fields, int number, long otherwise) {
        return fields.stream().filter(f -> f.number() == number && f.bytes() == null).mapToLong(Field::varint).findFirst().orElse(otherwise);
    }

    private static List<Field> fields(ByteString bytes) throws IOException {
        List<Field> out = new ArrayList<>();
        CodedInputStream in = bytes.newCodedInput();
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            int number = WireFormat.getTagFieldNumber(tag);
            switch (WireFormat.getTagWireType(tag)) {
                case WireFormat.WIRETYPE_VARINT -> out.add(new Field(number, in.readInt64(), null));
                case WireFormat.WIRETYPE_LENGTH_DELIMITED -> out.add(new Field(number, 0, in.readBytes()));
                case WireFormat.WIRETYPE_FIXED64 -> out.add(new Field(number, in.readFixed64(), null));
                case WireFormat.WIRETYPE_FIXED32 -> out.add(new Field(number, in.readFixed32(), null));
                default -> throw new IOException("unexpected wire type in field " + number);
            }
        }
        return out;
    }
}
