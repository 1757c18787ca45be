package io.milvusgitops.policy.yaml;


/** The {@code apiVersion} and {@code kind} every fleet file (fleet, environment, policy, live snapshot) starts with. */
public final class YamlHeader {

    public static final String API_VERSION = "milvus-gitops.io/v1";

    private YamlHeader() {
    }

    public static void check(YamlMap m, String kind) {
        m.required("apiVersion", "write apiVersion: " + API_VERSION)
                .ifPresent(v -> v.asString("write apiVersion: " + API_VERSION)
                        .filter(s -> !s.equals(API_VERSION))
                        .ifPresent(s -> v.report("unsupported apiVersion '" + s + "'", "write apiVersion: " + API_VERSION)));
        m.required("kind", "write kind: " + kind)
                .ifPresent(v -> v.asString("write kind: " + kind)
                        .filter(s -> !s.equals(kind))
                        .ifPresent(s -> v.report("kind '" + s + "' in a file where " + kind + " belongs", "write kind: " + kind)));
    }
}
