package io.milvusgitops.policy.target;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An enum spelled in lower case in YAML, JSON and on the command line. The spelling is derived from
 * the constant ({@code META_MIGRATION} is {@code meta-migration}); an enum spelled otherwise
 * (Argo CD's {@code Healthy}, the Operator's {@code rollingUpgrade}) overrides {@link #id()}.
 */
public interface Named {

    default String id() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static <E extends Enum<E> & Named> Optional<E> byId(Class<E> type, String id) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.id().equals(id)).findFirst();
    }

    /** "helm, operator, compose": the list a person should choose from. */
    static <E extends Enum<E> & Named> String choices(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Named::id).collect(Collectors.joining(", "));
    }
}
