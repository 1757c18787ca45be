package io.milvusgitops.daemon.kube;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.milvusgitops.daemon.safety.Failures;

/**
 * A failed call to the Kubernetes API in words: what the API server answered, or that it did not answer.
 * fabric8's own message quotes the whole request and a Java dump of the {@code Status} object, which is no
 * message for a person (the status page, the audit log, an Event).
 */
public final class KubeFailures {

    private KubeFailures() {
    }

    public static String describe(KubernetesClientException e) {
        if (e.getCode() > 0) {
            Status s = e.getStatus();
            String reason = s != null && s.getMessage() != null && !s.getMessage().isBlank() ? s.getMessage() : "no reason given";
            return Failures.sentence("the Kubernetes API answered " + e.getCode() + ": " + reason);
        }
        return "the Kubernetes API did not answer: " + Failures.describe(e.getCause() != null ? e.getCause() : e);
    }
}
