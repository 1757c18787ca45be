package io.milvusgitops.daemon.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.target.Image;
import io.milvusgitops.policy.target.Named;
import io.milvusgitops.policy.version.Version;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns domain values into JSON trees. Domain records stay free of JSON annotations (the policy
 * module has no JSON library); this is the one place that decides their JSON spelling: versions as
 * text, enums by their lower-case id, empty optionals left out.
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    public static String write(Object tree) {
        try {
            return MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** A plain value, list or map for Jackson: records become maps of their components, in order. */
    public static Object tree(Object value) {
        return switch (value) {
            case null -> null;
            case Version v -> v.toString();
            case TargetKey k -> k.toString();
            case Image i -> i.toString();
            case Named n -> n.id();
            case Enum<?> e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-');
            case Optional<?> o -> o.map(Json::tree).orElse(null);
            case Collection<?> c -> {
                List<Object> out = new ArrayList<>();
                c.forEach(x -> out.add(tree(x)));
                yield out;
            }
            case Map<?, ?> m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, v) -> putIfPresent(out, String.valueOf(k), tree(v)));
                yield out;
            }
            case Record r -> record(r);
            default -> value instanceof CharSequence || value instanceof Number || value instanceof Boolean ? value : value.toString();
        };
    }

    private static Map<String, Object> record(Record r) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            try {
                var accessor = c.getAccessor();
                accessor.setAccessible(true);
                putIfPresent(out, c.getName(), tree(accessor.invoke(r)));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass().getSimpleName(), e);
            }
        }
        return out;
    }

    static void putIfPresent(Map<String, Object> out, String key, Object value) {
        if (value != null) {
            out.put(key, value);
        }
    }
}
