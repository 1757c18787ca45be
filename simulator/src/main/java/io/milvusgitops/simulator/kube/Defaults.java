package io.milvusgitops.simulator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The defaults a real API server fills in, which clients depend on: Helm's {@code --wait} reads a
 * Deployment's {@code spec.replicas} and {@code strategy.rollingUpdate} (and panics without them) and waits for a
 * Service's {@code clusterIP}; {@code kubectl rollout status} reads the Deployment's replicas.
 */
final class Defaults {

    private final AtomicInteger nextIp = new AtomicInteger(10);

    void apply(ResourceType t, ObjectNode o) {
        switch (t.kind()) {
            case "Deployment" -> deployment(spec(o));
            case "StatefulSet" -> statefulSet(spec(o));
            case "ReplicaSet" -> putIfMissing(spec(o), "replicas", 1);
            case "Service" -> service(spec(o));
            case "Secret" -> {
                if (!o.hasNonNull("type")) o.put("type", "Opaque");
            }
            case "Job" -> {
                ObjectNode spec = spec(o);
                putIfMissing(spec, "backoffLimit", 6);
                putIfMissing(spec, "completions", 1);
                putIfMissing(spec, "parallelism", 1);
            }
            default -> { }
        }
    }

    private static ObjectNode spec(ObjectNode o) {
        return o.get("spec") instanceof ObjectNode s ? s : o.putObject("spec");
    }

    private static void deployment(ObjectNode spec) {
        putIfMissing(spec, "replicas", 1);
        putIfMissing(spec, "revisionHistoryLimit", 10);
        putIfMissing(spec, "progressDeadlineSeconds", 600);
        ObjectNode strategy = spec.get("strategy") instanceof ObjectNode s ? s : spec.putObject("strategy");
        if (!strategy.hasNonNull("type")) strategy.put("type", "RollingUpdate");
        if ("RollingUpdate".equals(strategy.path("type").asText())) {
            ObjectNode ru = strategy.get("rollingUpdate") instanceof ObjectNode r ? r : strategy.putObject("rollingUpdate");
            if (!ru.hasNonNull("maxSurge")) ru.put("maxSurge", "25%");
            if (!ru.hasNonNull("maxUnavailable")) ru.put("maxUnavailable", "25%");
        }
    }

    private static void statefulSet(ObjectNode spec) {
        putIfMissing(spec, "replicas", 1);
        putIfMissing(spec, "revisionHistoryLimit", 10);
        if (!spec.hasNonNull("podManagementPolicy")) spec.put("podManagementPolicy", "OrderedReady");
        ObjectNode us = spec.get("updateStrategy") instanceof ObjectNode u ? u : spec.putObject("updateStrategy");
        if (!us.hasNonNull("type")) us.put("type", "RollingUpdate");
        if ("RollingUpdate".equals(us.path("type").asText())) {
            ObjectNode ru = us.get("rollingUpdate") instanceof ObjectNode r ? r : us.putObject("rollingUpdate");
            putIfMissing(ru, "partition", 0);
        }
    }

    private void service(ObjectNode spec) {
        if (!spec.hasNonNull("type")) spec.put("type", "ClusterIP");
        if (!spec.hasNonNull("sessionAffinity")) spec.put("sessionAffinity", "None");
        if (!"None".equals(spec.path("clusterIP").asText()) && !spec.hasNonNull("clusterIP")) {
            int n = nextIp.getAndIncrement();
            String ip = "10.96." + (n / 250 % 250) + "." + (n % 250 + 1);
            spec.put("clusterIP", ip);
            spec.putArray("clusterIPs").add(ip);
        }
        if (spec.get("ports") instanceof ArrayNode ports) {
            for (JsonNode p : ports) {
                if (p instanceof ObjectNode port) {
                    if (!port.hasNonNull("protocol")) port.put("protocol", "TCP");
                    if (!port.hasNonNull("targetPort")) port.set("targetPort", port.path("port"));
                }
            }
        }
    }

    private static void putIfMissing(ObjectNode o, String field, int value) {
        if (!o.hasNonNull(field)) o.put(field, value);
    }
}
