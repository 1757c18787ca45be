package io.milvusgitops.daemon.cli;

import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.Environment;
import io.milvusgitops.policy.fleet.Fleet;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code plan} says about the catalog it planned with: a desired version this build does not know (the
 * fleet's additions taught it), whose path follows rules written before that release existed.
 */
final class CatalogWarnings {

    private CatalogWarnings() {
    }

    static List<String> of(Fleet fleet) {
        VersionCatalog builtIn = VersionCatalog.builtIn();
        List<String> out = new ArrayList<>();
        for (Environment e : fleet.inPromotionOrder()) {
            if (builtIn.release(e.milvusVersion()).isEmpty()) {
                out.add(e.name() + " asks for " + e.milvusVersion() + ", newer than anything this build knows (newest built-in: "
                        + builtIn.newestGa().version() + "): planned with the fleet's catalog additions (catalog " + fleet.catalog()
                        + ") by the rules of the " + e.milvusVersion().line() + " line; read its release notes before you promote it");
            }
        }
        return out;
    }
}
