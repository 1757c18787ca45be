package io.milvusgitops.daemon.testing;

import java.io.IOException;
import java.nio.file.Path;

/** Copies a directory tree (the example fleet) for tests outside this package. */
public final class FleetRepoAccess {

    private FleetRepoAccess() {
    }

    public static void copy(Path from, Path to) throws IOException {
        FleetRepo.copy(from, to);
    }
}
