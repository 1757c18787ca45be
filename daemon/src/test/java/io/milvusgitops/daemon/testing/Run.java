package io.milvusgitops.daemon.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.path.Hop;
import io.milvusgitops.policy.path.PathRequest;
import io.milvusgitops.policy.path.PathResult;
import io.milvusgitops.policy.path.UpgradePlanner;
import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.version.Version;
import java.util.List;

/** The outcome of each step of a hop in turn, as the driver tests drive them (call, let time pass while in progress). */
public record Run(List<StepOutcome> outcomes) {

    public boolean completed(int steps) {
        return outcomes.size() == steps && outcomes.stream().allMatch(o -> o instanceof StepOutcome.Done);
    }

    public StepOutcome last() {
        return outcomes.get(outcomes.size() - 1);
    }

    /** The one hop the planner gives from {@code from} to {@code to}: the driver tests run the planner's hops, never their own. */
    public static Hop onlyHop(String from, String to, DeployMethod method, DeployMode mode, MessageQueue mq) {
        return onlyHop(VersionCatalog.builtIn(), PathRequest.of(Version.parse(from), Version.parse(to), method, mode, mq));
    }

    /** The one hop {@code catalog} plans for {@code request} (with what a driver observed: its layout). */
    public static Hop onlyHop(VersionCatalog catalog, PathRequest request) {
        PathResult r = new UpgradePlanner(catalog).plan(request);
        assertThat(r).as("%s", r).isInstanceOf(PathResult.Found.class);
        List<Hop> hops = ((PathResult.Found) r).path().hops();
        assertThat(hops).hasSize(1);
        return hops.get(0);
    }
}
