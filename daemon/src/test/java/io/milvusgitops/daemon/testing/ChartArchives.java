package io.milvusgitops.daemon.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real Milvus chart archives of shared/reference/charts, unpacked once per test JVM. Tests
 * render them; nobody hand-writes what a chart makes.
 */
public final class ChartArchives {

    private static final Map<String, Path> UNPACKED = new ConcurrentHashMap<>();

    private ChartArchives() {
    }

    /** The chart directory ({@code .../milvus}) of a chart version. */
    public static synchronized Path chart(String version) throws IOException, InterruptedException {
        Path cached = UNPACKED.get(version);
        if (cached != null) return cached;
        Path archive = reference().resolve("charts/milvus-" + version + ".tgz");
        if (!Files.exists(archive)) {
            // Another chart version that ships the same Milvus release renders the same Milvus components
            // (4.0.31 for a hop that names 4.0.33, both 2.2.13): the archives at hand are five.
            var catalog = io.milvusgitops.policy.catalog.VersionCatalog.builtIn();
            var app = catalog.charts().stream().filter(c -> c.chart().toString().equals(version)).findFirst().map(c -> c.app());
            var sibling = catalog.charts().stream().filter(c -> app.isPresent() && c.app().equals(app.get()))
                    .map(c -> reference().resolve("charts/milvus-" + c.chart() + ".tgz")).filter(Files::exists).findFirst();
            if (sibling.isPresent()) archive = sibling.get();
        }
        if (!Files.exists(archive)) {
            throw new IllegalStateException("no chart archive " + archive + ": the tests render the charts in shared/reference/charts");
        }
        Path dir = Files.createTempDirectory("milvus-chart-" + version);
        Tools.run(dir, Map.of(), Tools.require("tar", "tar"), "xzf", archive.toString(), "-C", dir.toString());
        Path chart = dir.resolve("milvus");
        UNPACKED.put(version, chart);
        return chart;
    }

    /** shared/reference beside the checkout (the tests run in daemon/). */
    static Path reference() {
        for (Path p : new Path[] {Path.of("../../shared/reference"), Path.of("../shared/reference")}) {
            if (Files.isDirectory(p)) return p.toAbsolutePath().normalize();
        }
        throw new IllegalStateException("shared/reference not found beside the checkout: the chart archives live there");
    }
}
