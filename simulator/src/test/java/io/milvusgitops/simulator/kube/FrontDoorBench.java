package io.milvusgitops.simulator.kube;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What the front door's relay costs a request: the same GET, sequentially, through {@link ApiServer#url()} and
 * straight to the HttpServer behind it, on one kept-alive connection and on a new connection each time (which is
 * where the relay pays most: a second connect and two threads). Prints the medians and 99th percentiles.
 * Measured here (2 cores, shared, warm round): kept alive 211 -> 257 µs and 238 -> 272 µs p50 (+35 to +45 µs a
 * request); a new connection each time 1,221 -> 1,465 µs and 1,260 -> 1,601 µs p50 (+250 to +340 µs).
 * Run: /work/tools/mvn -o -q test -pl simulator -Dsurefire.excludedGroups= -Dgroups=bench -Dtest=FrontDoorBench
 */
@Tag("bench")
class FrontDoorBench {

    private static final int WARMUP = 2_000;
    private static final int RUNS = 5_000;

    @Test
    void relayCostPerRequest() throws Exception {
        try (ApiServer api = new ApiServer()) {
            api.cluster().namespace("milvus");
            api.cluster().create(Cluster.parse("""
                    {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "milvus"},
                     "spec": {"containers": [{"name": "c", "image": "milvusdb/milvus:v2.5.4"}]}}"""));
            String path = "/api/v1/namespaces/milvus/pods/p";
            for (int round = 0; round < 2; round++) {
                for (boolean keepAlive : new boolean[] {true, false}) {
                    for (String base : new String[] {api.directUrl(), api.url()}) {
                        long[] ns = measure(base + path, keepAlive);
                        System.out.printf("round %d %-10s %-6s p50 %6.1f µs  p99 %7.1f µs%n", round, keepAlive ? "keep-alive" : "new-conn",
                                base.equals(api.url()) ? "front" : "direct", ns[ns.length / 2] / 1e3, ns[ns.length * 99 / 100] / 1e3);
                    }
                }
            }
        }
    }

    private static long[] measure(String url, boolean keepAlive) throws Exception {
        HttpRequest get = HttpRequest.newBuilder(URI.create(url)).build();
        HttpClient shared = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long[] ns = new long[RUNS];
        for (int i = -WARMUP; i < RUNS; i++) {
            long t0 = System.nanoTime();
            if (keepAlive) {
                shared.send(get, HttpResponse.BodyHandlers.ofByteArray());
            } else {
                try (HttpClient once = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                    once.send(get, HttpResponse.BodyHandlers.ofByteArray());
                }
            }
            if (i >= 0) ns[i] = System.nanoTime() - t0;
        }
        shared.close();
        Arrays.sort(ns);
        return ns;
    }
}
