package io.milvusgitops.daemon.testing;

import io.milvusgitops.daemon.simulation.ChartArchives;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real Milvus chart archives of shared/reference/charts (3.2.18 to 5.0.19), which the tests render. */
public final class ReferenceCharts {

    private static ChartArchives archives;

    private ReferenceCharts() {
    }

    public static synchronized ChartArchives archives() {
        if (archives == null) archives = new ChartArchives(reference().resolve("charts"));
        return archives;
    }

    /** shared/reference beside the checkout (the tests run in daemon/). */
    static Path reference() {
        for (Path p : new Path[] {Path.of("../../shared/reference"), Path.of("../shared/reference")}) {
            if (Files.isDirectory(p)) return p.toAbsolutePath().normalize();
        }
        throw new IllegalStateException("shared/reference not found beside the checkout: the chart archives live there "
                + "(clone the project next to its shared/ directory)");
    }
}
