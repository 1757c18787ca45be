package io.milvusgitops.daemon.cli;

import io.milvusgitops.daemon.fleet.DirectoryFleetReader;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.FleetParser;
import io.milvusgitops.policy.fleet.FleetResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The catalog a fleet repository plans with: the built-in one plus the repository's additions, read and
 * validated with the rest of the fleet (the same answer {@code validate} and the daemon give).
 */
final class CatalogInForce {

    private CatalogInForce() {
    }

    /** Empty, with every problem on {@code err}, when the repository is not a valid fleet. */
    static Optional<VersionCatalog> of(Path repo, PrintWriter err) throws IOException {
        FleetResult r = FleetParser.parse(DirectoryFleetReader.read(repo), VersionCatalog.builtIn());
        return switch (r) {
            case FleetResult.Valid v -> Optional.of(v.fleet().catalog());
            case FleetResult.Invalid inv -> {
                err.println("error: " + repo + " is not a valid fleet repository:");
                inv.problems().forEach(p -> err.println("  " + p.describe()));
                err.flush();
                yield Optional.empty();
            }
        };
    }
}
