package io.milvusgitops.simulator.kube;

import java.util.Map;
import java.util.TreeMap;

/** Kubeconfig files for emulated API servers: one context per server, no TLS, a token nobody checks. */
public final class Kubeconfigs {

    private Kubeconfigs() {
    }

    /** A kubeconfig with one context per entry of {@code servers} (context -> URL), {@code current} selected. */
    public static String of(Map<String, String> servers, String current) {
        StringBuilder clusters = new StringBuilder();
        StringBuilder contexts = new StringBuilder();
        new TreeMap<>(servers).forEach((context, url) -> {
            clusters.append("  - name: ").append(context).append("\n    cluster: {server: \"").append(url).append("\"}\n");
            contexts.append("  - name: ").append(context).append("\n    context: {cluster: ").append(context).append(", user: simulated}\n");
        });
        return "apiVersion: v1\nkind: Config\nclusters:\n" + clusters + "users:\n  - name: simulated\n    user: {token: simulated}\ncontexts:\n"
                + contexts + "current-context: " + current + "\n";
    }
}
