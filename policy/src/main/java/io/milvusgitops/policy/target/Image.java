package io.milvusgitops.policy.target;

import io.milvusgitops.policy.version.Version;
import java.util.Objects;
import java.util.Optional;

/**
 * A container image reference: {@code [registry[:port]/]repository[:tag][@digest]}, parsed once here for
 * every driver. The Milvus version an image runs is its tag read as a version ({@code v2.5.16} -> 2.5.16);
 * a digest-only or untagged image runs no known version.
 */
public record Image(String repository, String tag, String digest) {

    /** The repository of Milvus's own images. */
    public static final String MILVUS = "milvusdb/milvus";

    public Image {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(digest, "digest");
        if (repository.isBlank()) throw new IllegalArgumentException("an image needs a repository");
    }

    /** {@code milvusdb/milvus:v2.5.16}, {@code registry:5000/milvusdb/milvus:v2.5.16}, {@code milvusdb/milvus@sha256:...}. */
    public static Image parse(String reference) {
        String ref = reference.trim();
        String digest = "";
        int at = ref.indexOf('@');
        if (at >= 0) {
            digest = ref.substring(at + 1);
            ref = ref.substring(0, at);
        }
        int colon = ref.lastIndexOf(':');
        // A colon before the last slash is a registry's port, not a tag.
        if (colon < 0 || ref.lastIndexOf('/') > colon) return new Image(ref, "", digest);
        return new Image(ref.substring(0, colon), ref.substring(colon + 1), digest);
    }

    /** The image Milvus publishes for a release spelled as Milvus tags it ({@code 2.4.0-rc.1}). */
    public static Image milvus(String spelling) {
        return new Image(MILVUS, "v" + spelling, "");
    }

    /** The Milvus version in the tag, if the tag is one. */
    public Optional<Version> version() {
        return tag.isEmpty() ? Optional.empty() : Version.tryParse(tag);
    }

    /** The same repository at another tag (no digest: a digest pins the old content). */
    public Image withTag(String newTag) {
        return new Image(repository, newTag, "");
    }

    @Override
    public String toString() {
        return repository + (tag.isEmpty() ? "" : ":" + tag) + (digest.isEmpty() ? "" : "@" + digest);
    }
}
