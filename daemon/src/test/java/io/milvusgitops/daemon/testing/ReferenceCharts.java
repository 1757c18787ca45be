package io.milvusgitops.daemon.testing;

import io.milvusgitops.daemon.helm.ChartSource;
import io.milvusgitops.policy.catalog.HelmChart;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.simulator.helm.ChartShelf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The real Milvus chart archives of shared/reference/charts (3.2.18 to 5.0.19), which native Helm installs in
 * the tests, on a {@link ChartShelf}: every catalog chart version that ships the same Milvus release as one of
 * them is there too.
 */
public final class ReferenceCharts {

    private static Path shelf;

    private ReferenceCharts() {
    }

    /** The directory of chart archives, filled once per test JVM. */
    public static synchronized Path dir() {
        if (shelf != null) return shelf;
        try {
            Map<String, String> charts = VersionCatalog.builtIn().charts().stream()
                    .collect(Collectors.toMap(c -> c.chart().toString(), c -> c.app().toString(), (a, b) -> a));
            Path target = Files.createTempDirectory("milvus-charts-");
            target.toFile().deleteOnExit();
            shelf = ChartShelf.fill(reference().resolve("charts"), charts, target);
            return shelf;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Where native Helm takes the charts from in the tests. */
    public static ChartSource source() {
        return new ChartSource.Archives(dir());
    }

    /** shared/reference beside the checkout (the tests run in daemon/). */
    public static Path reference() {
        for (Path p : new Path[] {Path.of("../../shared/reference"), Path.of("../shared/reference")}) {
            if (Files.isDirectory(p)) return p.toAbsolutePath().normalize();
        }
        throw new IllegalStateException("shared/reference not found beside the checkout: the chart archives live there "
                + "(clone the project next to its shared/ directory)");
    }

    static String chartOf(HelmChart c) {
        return c.chart().toString();
    }
}
