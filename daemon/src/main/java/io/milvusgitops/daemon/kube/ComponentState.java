package io.milvusgitops.daemon.kube;

import io.milvusgitops.policy.target.Component;
import io.milvusgitops.policy.version.Version;
import java.util.Optional;

/** One Milvus Deployment as observed: its image and the version in its tag, and where its rollout stands. */
public record ComponentState(Component component, String deployment, String image, Optional<Version> version, int replicas,
                             int updatedReplicas, int readyReplicas, long generation, long observedGeneration) {

    /** The rollout is finished: the controller saw the newest spec, and every replica is updated and ready. */
    public boolean rolledOut() {
        return observedGeneration >= generation && updatedReplicas >= replicas && readyReplicas >= replicas;
    }

    /** Updated everywhere, yet not ready: the new pods do not come up (a crash loop, a bad image). */
    public boolean stuck() {
        return observedGeneration >= generation && updatedReplicas >= replicas && readyReplicas < replicas;
    }

    /** {@code milvusdb/milvus:v2.5.16} -> 2.5.16. */
    static Optional<Version> versionOf(String image) {
        int colon = image.lastIndexOf(':');
        return colon < 0 || image.lastIndexOf('/') > colon ? Optional.empty() : Version.tryParse(image.substring(colon + 1));
    }
}
