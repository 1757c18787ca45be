package io.milvusgitops.daemon.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Helm 3's release storage: the Secret's {@code release} field is base64 of gzipped JSON (and the
 * Kubernetes API base64-encodes Secret data once more). Decoding reads what the Milvus driver needs.
 */
public final class HelmReleaseCodec {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A release record is a chart plus values: a few MiB at most; more is not a Helm release. */
    private static final int MAX_DECODED = 32 << 20;

    private HelmReleaseCodec() {
    }

    /** {@code data}: the Secret's {@code release} value as the API returns it (base64 of Helm's base64). */
    public static HelmRelease decode(String data) throws IOException {
        JsonNode n = json(data);
        JsonNode meta = n.path("chart").path("metadata");
        @SuppressWarnings("unchecked")
        Map<String, Object> values = n.hasNonNull("config") ? JSON.convertValue(n.get("config"), Map.class) : Map.of();
        return new HelmRelease(n.path("name").asText(), n.path("namespace").asText(), n.path("version").asInt(),
                n.path("info").path("status").asText(), meta.path("name").asText(), meta.path("version").asText(),
                meta.path("appVersion").asText(), values);
    }

    /** The whole release record as Helm wrote it (chart, manifest, hooks and all): what a rewrite of one field keeps. */
    static ObjectNode json(String data) throws IOException {
        byte[] helmBase64 = Base64.getDecoder().decode(data);
        byte[] gz = Base64.getDecoder().decode(helmBase64);
        byte[] json;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            json = in.readNBytes(MAX_DECODED + 1);
        }
        if (json.length > MAX_DECODED) throw new IOException("Helm release record larger than " + MAX_DECODED + " bytes");
        if (!(JSON.readTree(json) instanceof ObjectNode n)) throw new IOException("a Helm release record that is not a JSON object");
        return n;
    }

    /** The inverse of {@link #json}: gzip, Helm's base64, the API's base64. */
    static String data(JsonNode release) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(JSON.writeValueAsBytes(release));
        }
        byte[] helmBase64 = Base64.getEncoder().encode(bytes.toByteArray());
        return Base64.getEncoder().encodeToString(helmBase64);
    }

    /** The inverse, for tests and for records this product writes: the value to put in the Secret's {@code release} field. */
    public static String encode(HelmRelease r) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", r.name()).put("namespace", r.namespace()).put("version", r.revision());
        n.putObject("info").put("status", r.status());
        n.putObject("chart").putObject("metadata").put("name", r.chart()).put("version", r.chartVersion()).put("appVersion", r.appVersion());
        n.set("config", JSON.valueToTree(new LinkedHashMap<>(r.values())));
        return data(n);
    }
}
