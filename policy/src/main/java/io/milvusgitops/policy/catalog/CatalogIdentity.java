package io.milvusgitops.policy.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Which catalog planned: the built-in table (by a digest of its text, so two builds with the same table
 * agree) and the fleet's additions, if any (their file and digest). The upgrade record keeps it, and
 * {@code milvus-gitops catalog} prints it: {@code built-in 3f2a9c1b7d04 + fleet catalog-additions.yaml 91be02c4aa10}.
 */
public record CatalogIdentity(String builtIn, Optional<String> additionsFile, Optional<String> additionsDigest) {

    public static CatalogIdentity of(String text) {
        return new CatalogIdentity(digest(text), Optional.empty(), Optional.empty());
    }

    public CatalogIdentity plus(String file, String additionsText) {
        return new CatalogIdentity(builtIn, Optional.of(file), Optional.of(digest(additionsText)));
    }

    /** The first 12 hex digits of the SHA-256 of the text: enough to tell catalogs apart, short enough to read. */
    public static String digest(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "built-in " + builtIn + additionsFile.map(f -> " + fleet " + f + " " + additionsDigest.orElse("")).orElse("");
    }
}
