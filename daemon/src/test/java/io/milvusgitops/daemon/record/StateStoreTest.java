package io.milvusgitops.daemon.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.daemon.kube.ConfigMapStateStore;
import io.milvusgitops.daemon.testing.EmulatedKube;
import io.milvusgitops.daemon.testing.Plans;
import io.milvusgitops.policy.fleet.Location;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.version.Version;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {

    static final Target SEARCH = new Target("search", DeployMethod.HELM, DeployMode.CLUSTER, MessageQueue.PULSAR, "by-dev", false,
            new Location.HelmRelease("sim", "milvus", "search"));
    static final TargetKey KEY = new TargetKey("milvus", "search");
    /** A two-hop plan (meta migration, topology change) rolling back in its second hop: every kind of step and field in the file. */
    static final UpgradeRecord RECORD = Plans.record(SEARCH, "2.1.4", "2.6.15", 1, 3, UpgradeRecord.Phase.ROLLING_BACK)
            .stable(Version.parse("2.5.16")).at(1, 3, UpgradeRecord.Phase.ROLLING_BACK, Optional.of(Instant.parse("2026-11-24T10:00:00Z")), 2,
                    "NOT_READY at 'update mixcoord'", Instant.parse("2026-11-24T10:01:00Z"));

    void roundTrip(StateStore store) throws Exception {
        assertThat(store.load(KEY)).isEmpty();
        store.save(KEY, RECORD);
        assertThat(store.load(KEY)).contains(RECORD);
        UpgradeRecord next = RECORD.at(1, 4, UpgradeRecord.Phase.ROLLING_BACK, Optional.empty(), 0, "done", Instant.parse("2026-11-24T10:02:00Z"));
        store.save(KEY, next);
        assertThat(store.load(KEY)).contains(next);
        store.clear(KEY);
        assertThat(store.load(KEY)).isEmpty();
    }

    @Test
    void theRecordKeepsItsPlanWholeThroughJson() throws Exception {
        UpgradeRecord back = RecordJson.read(RecordJson.write(RECORD));
        assertThat(back).isEqualTo(RECORD);
        assertThat(back.plan().hops()).extracting(h -> h.kind().id()).containsExactly("meta-migration", "enable-mixcoord", "topology-change");
        assertThat(new String(RecordJson.write(RECORD), StandardCharsets.UTF_8)).contains("\"schema\" : 2")
                .contains("\"type\" : \"run-meta-migration\"").contains("\"chartVersion\" : \"5.0.19\"");
    }

    @Test
    void aRecordWithAStepTypeThisBuildDoesNotKnowIsUnreadable() throws Exception {
        String json = new String(RecordJson.write(RECORD), StandardCharsets.UTF_8).replace("\"run-meta-migration\"", "\"teleport\"");
        Assertions.assertThatThrownBy(() -> RecordJson.read(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UnreadableRecord.class).hasMessageContaining("step type");
    }

    @Test
    void aDirectoryKeepsRecords(@TempDir Path dir) throws Exception {
        roundTrip(new DirectoryStateStore(dir));
    }

    @Test
    void aConfigMapBesideTheTargetKeepsRecords() throws Exception {
        try (EmulatedKube kube = new EmulatedKube("milvus")) {
            roundTrip(new ConfigMapStateStore(kube.client(), "milvus"));
            new ConfigMapStateStore(kube.client(), "milvus").save(KEY, RECORD);
            assertThat(RECORD.plan().hops()).hasSize(3);
            assertThat(kube.client().configMaps().inNamespace("milvus").withName("milvus-gitops-milvus-search").get().getData())
                    .containsKey(ConfigMapStateStore.KEY);
        }
    }
}
