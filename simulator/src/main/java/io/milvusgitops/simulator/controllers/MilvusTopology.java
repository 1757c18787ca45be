package io.milvusgitops.simulator.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the Milvus Operator (v1.3.8) makes of a {@code Milvus} resource's spec: its components and the order a rolling
 * upgrade takes them in ({@code pkg/controllers/dependency_graph.go}), and whether an image is 2.6 or later
 * ({@code isImageVersionGreaterThan2_6}: the tag read tolerantly, {@code master-} counting as 2.6+, anything unreadable
 * as older).
 */
final class MilvusTopology {

    private static final Pattern TAG = Pattern.compile(".*:v?(\\d+)\\.(\\d+)\\.(\\d+).*");
    private static final List<String> COORDINATORS = List.of("rootcoord", "datacoord", "querycoord", "indexcoord");

    private MilvusTopology() {
    }

    static boolean atLeast26(String image) {
        String tag = image.substring(image.lastIndexOf(':') + 1);
        if (tag.startsWith("master-")) return true;
        Matcher m = TAG.matcher(image);
        if (!m.matches()) return false;
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return major > 2 || (major == 2 && minor >= 6);
    }

    static boolean cluster(JsonNode spec) {
        return "cluster".equals(spec.path("mode").asText());
    }

    static boolean mixCoord(JsonNode components) {
        return components.has("mixCoord");
    }

    /** The components the operator reconciles, in the order its status messages list them. */
    static List<String> components(JsonNode spec) {
        JsonNode c = spec.path("components");
        if (!cluster(spec)) return List.of("standalone");
        List<String> out = new ArrayList<>();
        if (atLeast26(c.path("image").asText())) {
            out.addAll(List.of("mixcoord", "datanode", "streamingnode", "querynode", "proxy", "standalone"));
            return out;
        }
        if (mixCoord(c)) out.add("mixcoord");
        else out.addAll(COORDINATORS);
        out.addAll(List.of("datanode", "querynode", "indexnode", "proxy", "standalone"));
        if (c.path("streamingMode").asBoolean(false)) out.add("streamingnode");
        return out;
    }

    /**
     * The order of a rolling upgrade: the first in the chain goes first, each next one only when the one before runs
     * the new image, rolled out. Upgrading into 2.6 starts with the new streaming node.
     */
    static List<String> chain(JsonNode spec, String currentImage) {
        JsonNode c = spec.path("components");
        String image = c.path("image").asText();
        List<String> chain;
        if (atLeast26(image) && !atLeast26(currentImage)) {
            chain = List.of("streamingnode", "mixcoord", "querynode", "datanode", "proxy");
        } else if (atLeast26(image) || c.path("streamingMode").asBoolean(false)) {
            chain = List.of("mixcoord", "streamingnode", "querynode", "datanode", "proxy");
        } else if (mixCoord(c)) {
            chain = List.of("indexnode", "mixcoord", "querynode", "datanode", "proxy");
        } else {
            chain = List.of("indexnode", "rootcoord", "datacoord", "indexcoord", "querycoord", "querynode", "datanode", "proxy");
        }
        if ("rollingDowngrade".equals(c.path("imageUpdateMode").asText())) {
            List<String> reversed = new ArrayList<>(chain);
            Collections.reverse(reversed);
            return reversed;
        }
        return chain;
    }

    /** The spec field of a component: {@code mixcoord} -> {@code mixCoord}. */
    static String field(String component) {
        return switch (component) {
            case "mixcoord" -> "mixCoord";
            case "rootcoord" -> "rootCoord";
            case "datacoord" -> "dataCoord";
            case "querycoord" -> "queryCoord";
            case "indexcoord" -> "indexCoord";
            case "datanode" -> "dataNode";
            case "querynode" -> "queryNode";
            case "indexnode" -> "indexNode";
            case "streamingnode" -> "streamingNode";
            default -> component;
        };
    }

    static List<String> coordinators() {
        return COORDINATORS;
    }
}
