package io.milvusgitops.daemon.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.daemon.simulation.KubeEmulator;
import io.milvusgitops.policy.version.Version;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {

    static final UpgradeRecord RECORD = new UpgradeRecord("p1", "abc", Version.parse("2.1.4"), Version.parse("2.6.15"), 1, 3,
            UpgradeRecord.Phase.ROLLING_BACK, Version.parse("2.5.16"), Optional.of(Instant.parse("2026-11-24T10:00:00Z")), 2,
            "NOT_READY at 'update mixcoord'", Instant.parse("2026-11-24T10:01:00Z"));

    void roundTrip(StateStore store) throws Exception {
        assertThat(store.load("milvus/search")).isEmpty();
        store.save("milvus/search", RECORD);
        assertThat(store.load("milvus/search")).contains(RECORD);
        UpgradeRecord next = RECORD.step(1, 4, UpgradeRecord.Phase.ROLLING_BACK, Optional.empty(), 0, "done", Instant.parse("2026-11-24T10:02:00Z"));
        store.save("milvus/search", next);
        assertThat(store.load("milvus/search")).contains(next);
        store.clear("milvus/search");
        assertThat(store.load("milvus/search")).isEmpty();
    }

    @Test
    void aDirectoryKeepsRecords(@TempDir Path dir) throws Exception {
        roundTrip(new DirectoryStateStore(dir));
    }

    @Test
    void aConfigMapBesideTheTargetKeepsRecords() throws Exception {
        try (KubeEmulator kube = new KubeEmulator()) {
            roundTrip(new ConfigMapStateStore(kube.client(), "milvus"));
            new ConfigMapStateStore(kube.client(), "milvus").save("milvus/search", RECORD);
            assertThat(kube.client().configMaps().inNamespace("milvus").withName("milvus-gitops-milvus-search").get().getData())
                    .containsKey(ConfigMapStateStore.KEY);
        }
    }
}
