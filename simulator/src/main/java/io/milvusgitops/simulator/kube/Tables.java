package io.milvusgitops.simulator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code meta.k8s.io/v1 Table} answers {@code kubectl get} asks for, so that it prints the columns people
 * know (READY, UP-TO-DATE, STATUS, the printer columns of a CRD) instead of NAME and AGE only.
 */
final class Tables {

    /** {@code .status.conditions[?(@.type=="MilvusUpdated")].status}: one filter step, as CRDs use. */
    private static final Pattern FILTER = Pattern.compile("^(\\w+)\\[\\?\\(@\\.(\\w+)==\"([^\"]*)\"\\)\\]$");

    private record Column(String name, String type, int priority) {
    }

    private final Clock clock;

    Tables(Clock clock) {
        this.clock = clock;
    }

    ObjectNode table(ResourceType t, List<ObjectNode> objects, long resourceVersion, String includeObject) {
        List<Column> columns = new ArrayList<>();
        columns.add(new Column("Name", "string", 0));
        columns.addAll(switch (t.kind()) {
            case "Deployment" -> List.of(new Column("Ready", "string", 0), new Column("Up-to-date", "integer", 0),
                    new Column("Available", "integer", 0), new Column("Age", "string", 0), new Column("Containers", "string", 1),
                    new Column("Images", "string", 1));
            case "StatefulSet" -> List.of(new Column("Ready", "string", 0), new Column("Age", "string", 0));
            case "ReplicaSet" -> List.of(new Column("Desired", "integer", 0), new Column("Current", "integer", 0),
                    new Column("Ready", "integer", 0), new Column("Age", "string", 0));
            case "Pod" -> List.of(new Column("Ready", "string", 0), new Column("Status", "string", 0), new Column("Restarts", "string", 0),
                    new Column("Age", "string", 0));
            case "Job" -> List.of(new Column("Status", "string", 0), new Column("Completions", "string", 0), new Column("Age", "string", 0));
            case "Service" -> List.of(new Column("Type", "string", 0), new Column("Cluster-IP", "string", 0), new Column("Ports", "string", 0),
                    new Column("Age", "string", 0));
            case "ConfigMap", "Secret" -> List.of(new Column("Data", "integer", 0), new Column("Age", "string", 0));
            default -> t.builtIn() || t.printerColumns().isEmpty() ? List.of(new Column("Age", "string", 0))
                    : t.printerColumns().stream().map(c -> new Column(c.name(), c.type().equals("date") ? "string" : c.type(), c.priority())).toList();
        });
        ObjectNode table = JsonNodeFactory.instance.objectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
        table.putObject("metadata").put("resourceVersion", String.valueOf(resourceVersion));
        ArrayNode defs = table.putArray("columnDefinitions");
        for (Column c : columns) {
            defs.addObject().put("name", c.name()).put("type", c.type()).put("format", c.name().equals("Name") ? "name" : "")
                    .put("description", c.name()).put("priority", c.priority());
        }
        ArrayNode rows = table.putArray("rows");
        for (ObjectNode o : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            cells.add(o.path("metadata").path("name").asText());
            cells(t, o, cells);
            if (includeObject.equals("Object")) {
                row.set("object", o);
            } else if (!includeObject.equals("None")) {
                ObjectNode partial = row.putObject("object").put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
                partial.set("metadata", o.path("metadata"));
            }
        }
        return table;
    }

    private void cells(ResourceType t, ObjectNode o, ArrayNode cells) {
        JsonNode spec = o.path("spec");
        JsonNode status = o.path("status");
        String age = age(o.path("metadata").path("creationTimestamp").asText());
        switch (t.kind()) {
            case "Deployment" -> {
                List<String> names = new ArrayList<>();
                List<String> images = new ArrayList<>();
                spec.path("template").path("spec").path("containers").forEach(c -> {
                    names.add(c.path("name").asText());
                    images.add(c.path("image").asText());
                });
                cells.add(status.path("readyReplicas").asInt() + "/" + spec.path("replicas").asInt(1)).add(status.path("updatedReplicas").asInt())
                        .add(status.path("availableReplicas").asInt()).add(age).add(String.join(",", names)).add(String.join(",", images));
            }
            case "StatefulSet" -> cells.add(status.path("readyReplicas").asInt() + "/" + spec.path("replicas").asInt(1)).add(age);
            case "ReplicaSet" -> cells.add(spec.path("replicas").asInt()).add(status.path("replicas").asInt())
                    .add(status.path("readyReplicas").asInt()).add(age);
            case "Pod" -> {
                int ready = 0;
                int restarts = 0;
                String reason = status.path("phase").asText("Pending");
                for (JsonNode c : status.path("containerStatuses")) {
                    if (c.path("ready").asBoolean()) ready++;
                    restarts += c.path("restartCount").asInt();
                    if (c.path("state").has("waiting")) reason = c.path("state").path("waiting").path("reason").asText(reason);
                }
                if (o.path("metadata").has("deletionTimestamp")) reason = "Terminating";
                cells.add(ready + "/" + spec.path("containers").size()).add(reason).add(String.valueOf(restarts)).add(age);
            }
            case "Job" -> {
                int succeeded = status.path("succeeded").asInt();
                String state = status.path("failed").asInt() > 0 ? "Failed" : succeeded > 0 ? "Complete" : "Running";
                cells.add(state).add(succeeded + "/" + spec.path("completions").asInt(1)).add(age);
            }
            case "Service" -> {
                List<String> ports = new ArrayList<>();
                spec.path("ports").forEach(p -> ports.add(p.path("port").asInt() + "/" + p.path("protocol").asText("TCP")));
                cells.add(spec.path("type").asText("ClusterIP")).add(spec.path("clusterIP").asText("<none>")).add(String.join(",", ports)).add(age);
            }
            case "ConfigMap", "Secret" -> cells.add(o.path("data").size() + o.path("binaryData").size()).add(age);
            default -> {
                if (t.builtIn() || t.printerColumns().isEmpty()) {
                    cells.add(age);
                } else {
                    for (ResourceType.PrinterColumn c : t.printerColumns()) {
                        JsonNode v = jsonPath(o, c.jsonPath());
                        cells.add(c.type().equals("date") ? age(v.asText()) : v.isMissingNode() ? "" : v.asText());
                    }
                }
            }
        }
    }

    /** The subset of JSONPath CRDs' printer columns use: dotted fields and one {@code [?(@.k=="v")]} filter per step. */
    static JsonNode jsonPath(JsonNode o, String path) {
        JsonNode cur = o;
        for (String step : path.replaceFirst("^\\.", "").split("\\.(?![^\\[]*\\])")) {
            Matcher m = FILTER.matcher(step);
            if (m.matches()) {
                JsonNode found = JsonNodeFactory.instance.missingNode();
                for (JsonNode item : cur.path(m.group(1))) {
                    if (item.path(m.group(2)).asText().equals(m.group(3))) {
                        found = item;
                        break;
                    }
                }
                cur = found;
            } else {
                cur = cur.path(step);
            }
        }
        return cur;
    }

    private String age(String timestamp) {
        try {
            Duration d = Duration.between(Instant.parse(timestamp), clock.instant());
            long s = Math.max(0, d.toSeconds());
            if (s < 120) return s + "s";
            if (s < 7200) return s / 60 + "m";
            if (s < 172_800) return s / 3600 + "h";
            return s / 86_400 + "d";
        } catch (DateTimeParseException e) {
            return "<unknown>";
        }
    }
}
