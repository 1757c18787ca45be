package io.milvusgitops.policy.rules;

import java.util.Locale;

/**
 * One spelling of a key's fingerprint wherever it is compared: GPG fingerprints as lower-case hex
 * without spaces (JGit reports them so; gpg prints upper case, often in groups), SSH key
 * fingerprints ({@code SHA256:...}, base64, case-sensitive) as they are.
 */
public final class Fingerprints {

    private Fingerprints() {
    }

    public static String normalise(String fingerprint) {
        String f = fingerprint.strip();
        if (f.startsWith("SHA256:") || f.startsWith("MD5:")) return f;
        return f.replace(" ", "").toLowerCase(Locale.ROOT);
    }
}
