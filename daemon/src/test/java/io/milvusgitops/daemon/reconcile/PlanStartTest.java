package io.milvusgitops.daemon.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.Location;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.version.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan starts only with the policy's leave, whatever a (possibly stale) cached record made the
 * reconciler believe: the executor's own load is the truth.
 */
class PlanStartTest {

    @TempDir
    Path dir;

    static final Target TARGET = new Target("search", DeployMethod.HELM, DeployMode.CLUSTER, MessageQueue.PULSAR, "by-dev", false,
            new Location.HelmRelease("sim", "dev", "milvus"));

    @Test
    void withoutARecordAndWithoutThePolicysLeaveNothingStarts() throws Exception {
        DirectoryStateStore store = new DirectoryStateStore(dir.resolve("state"));
        UpgradeExecutor executor = new UpgradeExecutor(store, (ctx, step) -> {
            throw new AssertionError("no step may run: " + step.type());
        }, FleetReconciler.planner(VersionCatalog.builtIn(), TARGET), new AuditLog(dir.resolve("audit.jsonl"), Clock.systemUTC()),
                Clock.systemUTC(), Duration.ofMinutes(1), 1);

        Pass held = executor.advance("dev/search", TARGET, "c1", Version.parse("2.4.5"), Version.parse("2.5.16"), false);
        assertThat(held).isInstanceOf(Pass.Idle.class);
        assertThat(store.load("dev/search")).as("no record written").isEmpty();
        assertThat(Files.exists(dir.resolve("audit.jsonl"))).as("no plan audited").isFalse();

        Pass started = executor.advance("dev/search", TARGET, "c1", Version.parse("2.4.5"), Version.parse("2.5.16"), true);
        assertThat(started).isInstanceOf(Pass.Continue.class);
        assertThat(store.load("dev/search")).isPresent();
    }
}
