package io.milvusgitops.policy.fleet;

import java.util.Optional;

/** Where a target runs, in the terms of its deployment method. */
public sealed interface Location {

    /** "kube-context/namespace/release": for status lines and logs. */
    String describe();

    /** A Helm release in a Kubernetes namespace. */
    record HelmRelease(String context, String namespace, String release) implements Location {
        public String describe() {
            return context + "/" + namespace + "/" + release;
        }
    }

    /** A {@code Milvus} custom resource managed by the Milvus Operator. */
    record MilvusResource(String context, String namespace, String name) implements Location {
        public String describe() {
            return context + "/" + namespace + "/milvus/" + name;
        }
    }

    /** A Docker Compose project on a Docker host. */
    record ComposeProject(String dockerHost, String project, Optional<String> composeFile) implements Location {
        public String describe() {
            return dockerHost + "#" + project;
        }
    }
}
