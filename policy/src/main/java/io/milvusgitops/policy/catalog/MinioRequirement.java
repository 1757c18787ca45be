package io.milvusgitops.policy.catalog;

import io.milvusgitops.policy.target.Image;
import io.milvusgitops.policy.version.Version;
import java.util.Optional;

/**
 * A MinIO the deployment must already run before an upgrade crosses {@code crossing} (from below it to it
 * or above), because the guide moves MinIO first by a procedure the tool cannot carry out (a data
 * migration to a new MinIO deployment). {@code minimum} is a MinIO release tag
 * ({@code RELEASE.2023-03-20T20-16-18Z}); such tags sort by their text.
 */
public record MinioRequirement(Version crossing, Scope scope, String minimum, String because, String source) {

    /** The hop from {@code from} to {@code to} crosses the version. */
    public boolean crossedBy(Version from, Version to) {
        return from.isBefore(crossing) && !to.isBefore(crossing);
    }

    /** Whether the observed MinIO image already is at least the required release. */
    public boolean metBy(Optional<Image> minio) {
        return minio.map(Image::tag).filter(t -> t.startsWith("RELEASE.")).map(t -> t.compareTo(minimum) >= 0).orElse(false);
    }
}
