package io.milvusgitops.policy.yaml;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects every problem of a validation run, so that all of them are reported, not just the first. */
public final class Problems {

    private final List<Problem> list = new ArrayList<>();

    public void add(Problem p) {
        list.add(p);
    }

    public void addAll(List<Problem> more) {
        list.addAll(more);
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public int size() {
        return list.size();
    }

    /** In reading order: by file, then line, then column. */
    public List<Problem> sorted() {
        return list.stream()
                .sorted(Comparator.comparing(Problem::file).thenComparingInt(Problem::line)
                        .thenComparingInt(Problem::column))
                .toList();
    }
}
