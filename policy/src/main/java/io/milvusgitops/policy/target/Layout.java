package io.milvusgitops.policy.target;

import java.util.Optional;

/**
 * What a deployment runs beyond its method, mode and message queue, where the upgrade depends on it:
 * the Pulsar generation of a Helm release, how a cluster runs its coordinators, and the MinIO image of a
 * Compose project. Each is empty when nobody observed it; the planner then says what it assumes.
 */
public record Layout(Optional<PulsarVersion> pulsar, Optional<Coordinators> coordinators, Optional<Image> minio) {

    public static final Layout UNKNOWN = new Layout(Optional.empty(), Optional.empty(), Optional.empty());

    public Layout withPulsar(PulsarVersion p) {
        return new Layout(Optional.of(p), coordinators, minio);
    }

    public Layout withCoordinators(Coordinators c) {
        return new Layout(pulsar, Optional.of(c), minio);
    }

    public Layout withMinio(Image image) {
        return new Layout(pulsar, coordinators, Optional.of(image));
    }
}
