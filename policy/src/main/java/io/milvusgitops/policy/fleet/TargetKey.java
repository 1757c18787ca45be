package io.milvusgitops.policy.fleet;

import java.util.Comparator;
import java.util.Objects;

/**
 * Which target: its environment and its name within it. Written {@code environment/target} wherever a
 * person or a file reads it (records, audit lines, metrics' labels come from the two parts).
 */
public record TargetKey(String environment, String target) implements Comparable<TargetKey> {

    private static final Comparator<TargetKey> ORDER = Comparator.comparing(TargetKey::environment).thenComparing(TargetKey::target);

    public TargetKey {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(target, "target");
    }

    public static TargetKey of(Environment environment, Target target) {
        return new TargetKey(environment.name(), target.name());
    }

    /** {@code dev/search} -> (dev, search); the inverse of {@link #toString()}. Environment names have no slash. */
    public static TargetKey parse(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not a target: write ENVIRONMENT/TARGET, for example prod/search");
        }
        return new TargetKey(text.substring(0, slash), text.substring(slash + 1));
    }

    @Override
    public int compareTo(TargetKey o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return environment + "/" + target;
    }
}
