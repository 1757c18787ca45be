package io.milvusgitops.daemon.webhook;

import io.milvusgitops.daemon.git.Secret;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Recognises the provider of a push webhook by its headers and checks its signature, as Argo CD and
 * Flux do: GitHub {@code X-Hub-Signature-256: sha256=<hmac>}, GitLab {@code X-Gitlab-Token: <secret>},
 * Gitea/Forgejo {@code X-Gitea-Signature} / {@code X-Forgejo-Signature: <hmac>}, Gogs {@code X-Gogs-Signature: <hmac>}
 * (checked with the gitea secret), and Flux's
 * generic-hmac {@code X-Signature: sha256=<hmac>}. Comparisons take constant time.
 */
final class WebhookVerifier {

    /** The outcome of checking one request. */
    sealed interface Result {
        record Accepted(String provider) implements Result {
        }

        record Refused(String reason) implements Result {
        }
    }

    private final WebhookSecrets secrets;

    WebhookVerifier(WebhookSecrets secrets) {
        this.secrets = secrets;
    }

    /** {@code headers}: lower-case names. */
    Result verify(Map<String, String> headers, byte[] body) {
        // Gitea and Forgejo also send X-Hub-Signature-256: their own header decides first.
        String gitea = headers.getOrDefault("x-gitea-signature", headers.get("x-forgejo-signature"));
        if (gitea != null) {
            return hmac("gitea", secrets.gitea(), Optional.of(gitea), body);
        }
        // Gogs, which Gitea forked from: the same signature (hex HMAC-SHA256 of the body), under the gitea secret.
        if (headers.containsKey("x-gogs-signature")) {
            return hmac("gogs", secrets.gitea(), Optional.of(headers.get("x-gogs-signature")), body);
        }
        if (headers.containsKey("x-hub-signature-256")) {
            return hmac("github", secrets.github(), strip(headers.get("x-hub-signature-256"), "sha256="), body);
        }
        if (headers.containsKey("x-gitlab-token")) {
            return secrets.gitlab().map(s -> equal(s.bytes(), headers.get("x-gitlab-token").getBytes(StandardCharsets.UTF_8))
                            ? (Result) new Result.Accepted("gitlab") : new Result.Refused("gitlab token does not match"))
                    .orElse(new Result.Refused("gitlab webhooks are not configured"));
        }
        if (headers.containsKey("x-signature")) {
            return hmac("generic-hmac", secrets.genericHmac(), strip(headers.get("x-signature"), "sha256="), body);
        }
        return new Result.Refused("no signature header (X-Hub-Signature-256, X-Gitlab-Token, X-Gitea-Signature, X-Gogs-Signature, X-Signature)");
    }

    private static Result hmac(String provider, Optional<Secret> secret, Optional<String> hex, byte[] body) {
        if (secret.isEmpty()) {
            return new Result.Refused(provider + " webhooks are not configured");
        }
        if (hex.isEmpty()) {
            return new Result.Refused(provider + " signature is not of the form sha256=<hex>");
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(hex.get().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return new Result.Refused(provider + " signature is not hex");
        }
        return equal(sha256(secret.get(), body), given) ? new Result.Accepted(provider) : new Result.Refused(provider + " signature does not match");
    }

    static byte[] sha256(Secret secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.bytes(), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static Optional<String> strip(String value, String prefix) {
        return value != null && value.startsWith(prefix) ? Optional.of(value.substring(prefix.length())) : Optional.empty();
    }

    private static boolean equal(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }
}
