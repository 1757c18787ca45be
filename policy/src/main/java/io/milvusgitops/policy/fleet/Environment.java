package io.milvusgitops.policy.fleet;

import io.milvusgitops.policy.version.Version;
import java.util.List;
import java.util.Optional;

/** An environment (dev, staging, prod): the version its targets should run, and where it is promoted from. */
public record Environment(String name, String file, Version milvusVersion, Optional<String> promoteFrom,
                          List<Target> targets) {

    public Environment {
        targets = List.copyOf(targets);
    }

    public Optional<Target> target(String name) {
        return targets.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
