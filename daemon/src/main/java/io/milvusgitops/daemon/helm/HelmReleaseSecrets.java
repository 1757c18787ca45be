package io.milvusgitops.daemon.helm;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.util.Map;

/**
 * What a watch-fed cache keeps of a Helm release Secret: what {@link HelmObserver} reads of it (the release's name,
 * revision, status, chart, app version and values), re-encoded in Helm's own form, without the chart's templates and
 * the rendered manifest. Those are nearly all of the Secret, about 90 KB for a Milvus chart 4.1 release (the 4.2 and 5.0
 * chart archives are three times the size), and Helm keeps one Secret per revision.
 */
public final class HelmReleaseSecrets {

    private static final String RELEASE = "release";

    private HelmReleaseSecrets() {
    }

    /**
     * The Secret with its {@code release} field cut down to what the observer reads; a Secret whose release cannot be
     * read is kept as it is, so that the observer reports it as it would from the API server.
     */
    public static Secret keepingWhatTheObserverReads(Secret secret) {
        Map<String, String> data = secret.getData();
        if (data == null || data.get(RELEASE) == null) return secret;
        String slim;
        try {
            slim = HelmReleaseCodec.encode(HelmReleaseCodec.decode(data.get(RELEASE)));
        } catch (IOException | RuntimeException e) {
            return secret;
        }
        return new SecretBuilder(secret).withData(Map.of(RELEASE, slim)).build();
    }
}
