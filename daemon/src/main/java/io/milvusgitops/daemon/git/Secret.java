package io.milvusgitops.daemon.git;

import io.milvusgitops.daemon.safety.Redaction;
import io.milvusgitops.daemon.safety.SafeFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A credential (Git token, webhook secret, key passphrase). It never prints its value: not in logs,
 * errors, metrics or the status page. It comes from a file or an environment variable named in the
 * daemon config, and the config names only where it comes from.
 */
public final class Secret {

    private final String value;
    private final String source;

    private Secret(String value, String source) {
        this.value = Objects.requireNonNull(value);
        this.source = source;
        if (value.isBlank()) {
            // An empty webhook secret would accept an empty token; an empty token would authenticate as nobody.
            throw new IllegalArgumentException("the secret from " + source + " is empty: put the secret there");
        }
        Redaction.remember(value); // masked wherever it shows up from now on, even where no pattern would find it
    }

    public static Secret fromFile(Path file) throws IOException {
        return new Secret(SafeFiles.readText(file, SafeFiles.SECRET_BYTES, "the secret file").strip(), "file " + file);
    }

    public static Secret fromEnv(String variable) {
        String v = System.getenv(variable);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("environment variable " + variable + " is not set: set it to the secret, or name a file instead");
        }
        return new Secret(v.strip(), "env " + variable);
    }

    /** For tests and for values built in code. */
    public static Secret of(String value, String source) {
        return new Secret(value, source);
    }

    /** The value, for the one call that needs it (an HTTP header, an HMAC). */
    public String reveal() {
        return value;
    }

    public byte[] bytes() {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** Where it came from: safe to print. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "Secret(" + source + ")";
    }
}
