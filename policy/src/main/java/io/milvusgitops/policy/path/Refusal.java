package io.milvusgitops.policy.path;

import io.milvusgitops.policy.version.Version;
import java.util.List;
import java.util.stream.Collectors;

/** Why the planner will not give a path, in words a person can act on. */
public sealed interface Refusal {

    /** One or two sentences: what is wrong and what to do. */
    String reason();

    /** A short, stable code for logs, metrics and JSON. */
    default String code() {
        return Step.Naming.kebab(getClass().getSimpleName());
    }

    record Downgrade(Version from, Version to) implements Refusal {
        public String reason() {
            return "downgrade from " + from + " to " + to + " refused: downgrades are not an upgrade path; only the rollback"
                    + " of a failed hop goes back (restore the metadata backup and the old image). Set the desired version to "
                    + from + " or later";
        }
    }

    record UnknownVersion(String field, String version, List<Version> nearest) implements Refusal {
        public String reason() {
            return "unknown Milvus version " + version + " (" + field + "): it is not in the version catalog. Known versions near it: "
                    + nearest.stream().map(Version::toString).collect(Collectors.joining(", "))
                    + ". If " + version + " was released, add it to the fleet's catalog additions (docs/fleet-format.md), or run a"
                    + " milvus-gitops that knows it";
        }
    }

    /** A documented combination that does not work, with the fact's source. */
    record Unsupported(String what, String because, String source) implements Refusal {
        public String reason() {
            return what + ": " + because + (source.isEmpty() ? "" : " [" + source + "]");
        }
    }

    /** No chain of documented hops leads from {@code from} to {@code to} for this deployment. */
    record NoPath(Version from, Version to, String deployment, List<String> obstacles) implements Refusal {
        public String reason() {
            return "no documented upgrade path from " + from + " to " + to + " for " + deployment
                    + (obstacles.isEmpty() ? "" : ": " + String.join("; ", obstacles));
        }
    }
}
