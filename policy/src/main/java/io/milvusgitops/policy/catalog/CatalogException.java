package io.milvusgitops.policy.catalog;

import io.milvusgitops.policy.yaml.Problem;
import java.util.List;
import java.util.stream.Collectors;

/** A catalog that failed validation; the message lists every problem with its entry. */
public final class CatalogException extends RuntimeException {

    private final transient List<Problem> problems;

    public CatalogException(List<Problem> problems) {
        super("the version catalog is invalid:\n" + problems.stream().map(p -> "  " + p.describe())
                .collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
