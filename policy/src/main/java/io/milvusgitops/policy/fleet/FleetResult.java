package io.milvusgitops.policy.fleet;

import io.milvusgitops.policy.yaml.Problem;
import java.util.List;

/** A parsed fleet, or every problem that stops it from being one. */
public sealed interface FleetResult {

    record Valid(Fleet fleet) implements FleetResult {
    }

    record Invalid(List<Problem> problems) implements FleetResult {
        public Invalid {
            problems = List.copyOf(problems);
        }
    }
}
