package io.milvusgitops.daemon.simulation;

import io.milvusgitops.policy.catalog.VersionCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A directory of real Milvus chart archives ({@code milvus-<version>.tgz}), each unpacked once, so that
 * the simulation renders what the chart really makes: nobody hand-writes a chart's Deployments.
 */
public final class ChartArchives {

    private final Path directory;
    private final Map<String, Path> unpacked = new ConcurrentHashMap<>();

    public ChartArchives(Path directory) {
        this.directory = directory;
    }

    /** The chart directory ({@code .../milvus}) of a chart version, unpacked on first use. */
    public synchronized Path chart(String version) throws IOException, InterruptedException {
        Path cached = unpacked.get(version);
        if (cached != null) return cached;
        Path archive = archive(version).orElseThrow(() -> new IOException("no chart archive for chart " + version + " in " + directory
                + " (nor one of another chart version of the same Milvus release): add milvus-" + version + ".tgz there"));
        Path dir = Files.createTempDirectory("milvus-chart-" + version);
        dir.toFile().deleteOnExit();
        Process tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", dir.toString()).redirectErrorStream(true).start();
        String out = new String(tar.getInputStream().readAllBytes());
        if (tar.waitFor() != 0) throw new IOException("cannot unpack " + archive + ": " + out);
        Path chart = dir.resolve("milvus");
        unpacked.put(version, chart);
        return chart;
    }

    /**
     * The archive of {@code version}, else of another chart version that ships the same Milvus release: it
     * renders the same Milvus components (4.0.31 for a hop that names 4.0.33, both 2.2.13).
     */
    private Optional<Path> archive(String version) {
        Path exact = directory.resolve("milvus-" + version + ".tgz");
        if (Files.exists(exact)) return Optional.of(exact);
        VersionCatalog catalog = VersionCatalog.builtIn();
        var app = catalog.charts().stream().filter(c -> c.chart().toString().equals(version)).findFirst().map(c -> c.app());
        return catalog.charts().stream().filter(c -> app.isPresent() && c.app().equals(app.get()))
                .map(c -> directory.resolve("milvus-" + c.chart() + ".tgz")).filter(Files::exists).findFirst();
    }
}
