package io.milvusgitops.daemon.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.StreamSupport;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The files under deploy/ as the tests read them: YAML documents as maps, found by kind. */
final class DeployFiles {

    static final Path DEPLOY = Path.of("../deploy");
    static final Path RULES = DEPLOY.resolve("prometheus/milvus-gitops.rules.yaml");
    static final Path MANIFESTS = DEPLOY.resolve("kubernetes/milvus-gitops.yaml");

    private DeployFiles() {
    }

    static List<Map<?, ?>> load(Path file) throws IOException {
        return loadAll(Files.readString(file));
    }

    /** Every non-empty document (Helm's output has empty ones where a template renders nothing). */
    static List<Map<?, ?>> loadAll(String text) {
        return StreamSupport.stream(new Load(LoadSettings.builder().build()).loadAllFromString(text).spliterator(), false)
                .filter(Objects::nonNull).<Map<?, ?>>map(d -> (Map<?, ?>) d).toList();
    }

    static Map<?, ?> kind(List<Map<?, ?>> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.get("kind"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " among " + docs.stream().map(d -> d.get("kind")).toList()));
    }

    static boolean has(List<Map<?, ?>> docs, String kind) {
        return docs.stream().anyMatch(d -> kind.equals(d.get("kind")));
    }

    /** The value at a path of map keys and list indexes: at(deployment, "spec", "template", "spec", "containers", 0). */
    static Object at(Object node, Object... path) {
        Object n = node;
        for (Object step : path) {
            n = step instanceof Integer i ? ((List<?>) n).get(i) : ((Map<?, ?>) n).get(step);
            if (n == null) throw new AssertionError("nothing at " + List.of(path) + " (stopped at " + step + ")");
        }
        return n;
    }
}
