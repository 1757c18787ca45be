package io.milvusgitops.daemon.reconcile;

import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.path.PathRequest;
import io.milvusgitops.policy.path.PathResult;
import io.milvusgitops.policy.path.UpgradePath;
import io.milvusgitops.policy.path.UpgradePlanner;
import java.util.Optional;

/**
 * Whether the plan an upgrade record pins still holds: the catalog in force plans the same hops and steps
 * for the same request. A daemon upgraded mid-plan, or a fleet that changed the catalog, must not resume
 * at step (i, j) of a different path; the target halts instead, saying why.
 */
@FunctionalInterface
public interface PlanCheck {

    /** Empty when {@code recorded} is what the catalog plans for {@code request} now; else why not, for a person. */
    Optional<String> mismatch(PathRequest request, UpgradePath recorded);

    /** Plans the recorded request again with {@code catalog} (the same planner, the same inputs) and compares. */
    static PlanCheck against(VersionCatalog catalog) {
        UpgradePlanner planner = new UpgradePlanner(catalog);
        return (request, recorded) -> switch (planner.plan(request)) {
            case PathResult.Found f when f.path().samePlanAs(recorded) -> Optional.empty();
            case PathResult.Found f -> Optional.of("the catalog in force now plans " + request.from() + " -> " + request.to() + " as "
                    + f.path().summary() + ", not as the recorded " + recorded.summary());
            case PathResult.Refused r -> Optional.of("the catalog in force now refuses " + request.from() + " -> " + request.to() + ": "
                    + r.refusal().reason());
        };
    }
}
