package io.milvusgitops.policy.catalog;

import io.milvusgitops.policy.target.Image;
import io.milvusgitops.policy.version.Version;

/**
 * A known Milvus release. {@code spelling} is the version as Milvus tags it ({@code 2.4.0-rc.1}),
 * which the image tag must use; {@code version} is its normalised, comparable form.
 */
public record Release(Version version, Kind kind, String spelling, String evidence) {

    public enum Kind { GA, PRERELEASE, HOTFIX }

    /** The image of this release: {@code milvusdb/milvus:v2.5.16}. */
    public Image image() {
        return Image.milvus(spelling);
    }

    public boolean isGa() {
        return kind == Kind.GA;
    }
}
