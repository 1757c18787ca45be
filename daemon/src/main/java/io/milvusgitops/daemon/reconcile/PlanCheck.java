package io.milvusgitops.daemon.reconcile;

import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.path.PathRequest;
import io.milvusgitops.policy.path.PathResult;
import io.milvusgitops.policy.path.UpgradePath;
import io.milvusgitops.policy.path.UpgradePlanner;
import java.util.Optional;

/**
 * Whether the plan an upgrade record pins still holds: the catalog in force plans the same hops and steps
 * for the same request. A daemon upgraded mid-plan, or a fleet that changed the catalog (its additions), must
 * not resume at step (i, j) of a different path; the target halts instead, saying why.
 */
@FunctionalInterface
public interface PlanCheck {

    /** Empty when {@code recorded} is what the catalog plans for {@code request} now; else why not, for a person. */
    Optional<String> mismatch(VersionCatalog inForce, PathRequest request, UpgradePath recorded);

    /** Plans the recorded request again with the catalog in force (the fleet's, this pass) and compares: the daemon's check. */
    static PlanCheck inForce() {
        return (inForce, request, recorded) -> compare(new UpgradePlanner(inForce), request, recorded);
    }

    /** Plans with {@code catalog} whatever the fleet's is: a test that stands for another build's catalog. */
    static PlanCheck against(VersionCatalog catalog) {
        UpgradePlanner planner = new UpgradePlanner(catalog);
        return (inForce, request, recorded) -> compare(planner, request, recorded);
    }

    private static Optional<String> compare(UpgradePlanner planner, PathRequest request, UpgradePath recorded) {
        return switch (planner.plan(request)) {
            case PathResult.Found f when f.path().samePlanAs(recorded) -> Optional.empty();
            case PathResult.Found f -> Optional.of("the catalog in force now plans " + request.from() + " -> " + request.to() + " as "
                    + f.path().summary() + ", not as the recorded " + recorded.summary());
            case PathResult.Refused r -> Optional.of("the catalog in force now refuses " + request.from() + " -> " + request.to() + ": "
                    + r.refusal().reason());
        };
    }
}
