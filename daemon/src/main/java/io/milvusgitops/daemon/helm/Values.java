package io.milvusgitops.daemon.helm;

import java.util.LinkedHashMap;
import java.util.Map;

/** Helm values as {@code --set} writes them: {@code a.b.c=v}. */
public final class Values {

    private Values() {
    }

    public static Map<String, String> flatten(Map<String, Object> nested) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten("", nested, out);
        return out;
    }

    private static void flatten(String prefix, Map<String, Object> nested, Map<String, String> out) {
        for (var e : nested.entrySet()) {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue() instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) m;
                flatten(key, child, out);
            } else {
                out.put(key, String.valueOf(e.getValue()));
            }
        }
    }
}
