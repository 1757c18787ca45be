package io.milvusgitops.policy.catalog;

import io.milvusgitops.policy.target.Image;
import io.milvusgitops.policy.version.Version;
import java.time.LocalDate;
import java.util.Optional;

/**
 * A known Milvus release. {@code spelling} is the version as Milvus tags it ({@code 2.4.0-rc.1}),
 * which the image tag must use; {@code version} is its normalised, comparable form. {@code evidence}
 * says where the release was seen (a release-notes heading with file and commit, a chart); a release the
 * notes mark deprecated carries why, and the planner never stops at it nor plans to it silently.
 */
public record Release(Version version, Kind kind, String spelling, Optional<LocalDate> date, String evidence,
                      Optional<Deprecation> deprecated) {

    public enum Kind { GA, PRERELEASE, HOTFIX }

    /**
     * Why a release is not to be run, and where that is said. {@code inferred}: no document says it; the
     * catalog concludes it from what the sources did (release notes published and withdrawn the same day).
     */
    public record Deprecation(String reason, String source, boolean inferred) {

        /** "deprecated (release notes ...): reason" for a person. */
        public String describe(Version v) {
            return v + " is " + (inferred ? "withdrawn (inferred: " : "deprecated (") + source + "): " + reason;
        }
    }

    /** The image of this release: {@code milvusdb/milvus:v2.5.16}. */
    public Image image() {
        return Image.milvus(spelling);
    }

    public boolean isGa() {
        return kind == Kind.GA;
    }

    /** A release the planner may stop at on the way: GA and not deprecated. */
    public boolean isStop() {
        return isGa() && deprecated.isEmpty();
    }
}
