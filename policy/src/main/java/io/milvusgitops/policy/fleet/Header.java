package io.milvusgitops.policy.fleet;

import io.milvusgitops.policy.yaml.YamlMap;

/** The {@code apiVersion} and {@code kind} every fleet file starts with. */
final class Header {

    private Header() {
    }

    static void check(YamlMap m, String kind) {
        m.required("apiVersion", "write apiVersion: " + FleetParser.API_VERSION)
                .ifPresent(v -> v.asString("write apiVersion: " + FleetParser.API_VERSION)
                        .filter(s -> !s.equals(FleetParser.API_VERSION))
                        .ifPresent(s -> v.report("unsupported apiVersion '" + s + "'", "write apiVersion: " + FleetParser.API_VERSION)));
        m.required("kind", "write kind: " + kind)
                .ifPresent(v -> v.asString("write kind: " + kind)
                        .filter(s -> !s.equals(kind))
                        .ifPresent(s -> v.report("kind '" + s + "' in a file where " + kind + " belongs", "write kind: " + kind)));
    }
}
