package io.milvusgitops.simulator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.simulator.controllers.MilvusMetadata;
import io.milvusgitops.simulator.controllers.SimulatedKubelet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real kubectl against the emulated API server: Debian's (package kubernetes-client, 1.20) and, where the machine
 * has one, a current one (1.32). Every answer the emulator gives them had to be found by running them: discovery,
 * Table output, label selectors and JSONPath, watches, rollout status, the three patch types, client-side apply,
 * describe, custom resources from a CRD, Status errors.
 */
class KubectlTest {

    /** Debian's kubectl, where bin/setup put it when another kubectl owns /usr/bin/kubectl. */
    static final Path DEBIAN_EXTRACTED = Path.of("/opt/kubernetes-client/usr/bin/kubectl");
    static final String HOW_TO_GET = "kubectl is missing: run bin/setup (it installs Debian's kubernetes-client)";

    @TempDir
    Path dir;

    static List<Path> kubectls() {
        List<Path> out = new ArrayList<>();
        if (Files.isExecutable(DEBIAN_EXTRACTED)) out.add(DEBIAN_EXTRACTED);
        Path onPath = Stream.of(System.getenv("PATH").split(":")).map(p -> Path.of(p, "kubectl")).filter(Files::isExecutable).findFirst()
                .orElse(null);
        if (onPath != null) out.add(onPath);
        if (out.isEmpty()) throw new IllegalStateException(HOW_TO_GET);
        return out;
    }

    record Result(int exit, String out) {
    }

    Result kubectl(Path kubectl, Path kubeconfig, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        // kubectl caches discovery under $HOME: a fresh one per test, as for a new user.
        pb.environment().put("HOME", dir.toString());
        Process p = pb.start();
        if (stdin != null) p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kubectl " + String.join(" ", args) + " did not end within 60 s");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    Result ok(Path kubectl, Path kubeconfig, String stdin, String... args) throws Exception {
        Result r = kubectl(kubectl, kubeconfig, stdin, args);
        assertThat(r.exit()).as("kubectl %s:\n%s", String.join(" ", args), r.out()).isZero();
        return r;
    }

    static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: my-release-milvus-proxy
              namespace: milvus
              labels: {app.kubernetes.io/instance: my-release, app.kubernetes.io/name: milvus, component: proxy}
            spec:
              replicas: 1
              selector: {matchLabels: {app.kubernetes.io/instance: my-release, component: proxy}}
              template:
                metadata:
                  labels: {app.kubernetes.io/instance: my-release, app.kubernetes.io/name: milvus, component: proxy}
                spec:
                  containers:
                    - name: proxy
                      image: milvusdb/milvus:v2.4.5
                      env: [{name: A, value: "1"}, {name: B, value: "2"}]
            """;

    @ParameterizedTest
    @MethodSource("kubectls")
    void kubectlWorksAgainstTheEmulatedApiServer(Path kubectl) throws Exception {
        try (ApiServer api = new ApiServer()) {
            Path kubeconfig = api.kubeconfig(dir.resolve("kubeconfig"), "sim");
            api.cluster().namespace("milvus");
            SimulatedKubelet kubelet = new SimulatedKubelet(api, "milvus", Clock.systemUTC(), d -> { }, Duration.ofMillis(300),
                    MilvusMetadata.inMemory(), "by-dev");
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
            ticker.scheduleWithFixedDelay(() -> {
                try {
                    kubelet.tick(Duration.ZERO);
                } catch (Exception e) {
                    // the next tick tries again
                }
            }, 100, 100, TimeUnit.MILLISECONDS);
            try {
                assertThat(ok(kubectl, kubeconfig, DEPLOYMENT, "apply", "-f", "-").out()).contains("created");
                assertThat(ok(kubectl, kubeconfig, null, "-n", "milvus", "rollout", "status", "deployment/my-release-milvus-proxy", "--timeout=30s")
                        .out()).contains("successfully rolled out");

                // get: Table columns, label selectors, JSONPath
                assertThat(ok(kubectl, kubeconfig, null, "get", "deploy", "-n", "milvus").out()).contains("READY").contains("1/1")
                        .contains("my-release-milvus-proxy");
                assertThat(ok(kubectl, kubeconfig, null, "get", "deploy", "-n", "milvus", "-l", "app.kubernetes.io/instance=my-release,component=proxy",
                        "-o", "jsonpath={.items[*].spec.template.spec.containers[0].image}").out()).isEqualTo("milvusdb/milvus:v2.4.5");
                assertThat(ok(kubectl, kubeconfig, null, "get", "deploy", "-n", "milvus", "-l", "component in (querynode,datanode)", "-o", "name")
                        .out()).isBlank();
                assertThat(ok(kubectl, kubeconfig, null, "get", "pods", "-n", "milvus").out()).contains("Running").contains("1/1");

                // patch: strategic (containers and env merge by name), JSON, merge
                ok(kubectl, kubeconfig, null, "-n", "milvus", "patch", "deployment", "my-release-milvus-proxy", "-p",
                        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"proxy\",\"image\":\"milvusdb/milvus:v2.5.16\","
                                + "\"env\":[{\"name\":\"B\",\"value\":\"3\"}]}]}}}}");
                var d = api.cluster().get("apps/v1", "Deployment", "milvus", "my-release-milvus-proxy").orElseThrow();
                var container = d.path("spec").path("template").path("spec").path("containers").path(0);
                assertThat(container.path("image").asText()).isEqualTo("milvusdb/milvus:v2.5.16");
                assertThat(container.path("env").toString()).contains("\"A\"").contains("\"3\"").doesNotContain("\"2\"");
                assertThat(d.path("metadata").path("generation").asInt()).isEqualTo(2);
                ok(kubectl, kubeconfig, null, "-n", "milvus", "patch", "deployment", "my-release-milvus-proxy", "--type=json", "-p",
                        "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":2}]");
                ok(kubectl, kubeconfig, null, "-n", "milvus", "patch", "deployment", "my-release-milvus-proxy", "--type=merge", "-p",
                        "{\"metadata\":{\"labels\":{\"app.kubernetes.io/version\":\"2.5.16\"}}}");
                d = api.cluster().get("apps/v1", "Deployment", "milvus", "my-release-milvus-proxy").orElseThrow();
                assertThat(d.path("spec").path("replicas").asInt()).isEqualTo(2);
                assertThat(d.path("metadata").path("labels").path("app.kubernetes.io/version").asText()).isEqualTo("2.5.16");
                assertThat(ok(kubectl, kubeconfig, null, "-n", "milvus", "rollout", "status", "deployment/my-release-milvus-proxy", "--timeout=30s")
                        .out()).contains("successfully rolled out");

                // apply again, changed: a strategic patch with the last-applied annotation
                assertThat(ok(kubectl, kubeconfig, DEPLOYMENT.replace("v2.4.5", "v2.5.17"), "apply", "-f", "-").out()).contains("configured");
                assertThat(api.cluster().get("apps/v1", "Deployment", "milvus", "my-release-milvus-proxy").orElseThrow()
                        .path("spec").path("template").path("spec").path("containers").path(0).path("image").asText()).isEqualTo("milvusdb/milvus:v2.5.17");

                assertThat(ok(kubectl, kubeconfig, null, "-n", "milvus", "describe", "deployment", "my-release-milvus-proxy").out())
                        .contains("Name:").contains("my-release-milvus-proxy").contains("milvusdb/milvus:v2.5.17");

                // a custom resource from the operator's real CRD, with its printer columns
                ok(kubectl, kubeconfig, Files.readString(reference("operator/milvus.io_milvuses.yaml")), "apply", "--server-side", "-f", "-");
                ok(kubectl, kubeconfig, Files.readString(reference("operator/milvus_cluster_default.yaml")), "apply", "-n", "milvus", "-f", "-");
                assertThat(ok(kubectl, kubeconfig, null, "get", "milvus", "-A").out()).contains("MODE").contains("cluster").contains("my-release");
                assertThat(ok(kubectl, kubeconfig, null, "get", "mi", "my-release", "-n", "milvus", "-o", "jsonpath={.spec.mode}").out()).isEqualTo("cluster");
                // the CRD's structural schema: defaults filled in, unknown fields pruned, bad values refused with the API server's words
                assertThat(ok(kubectl, kubeconfig, null, "get", "mi", "my-release", "-n", "milvus", "-o",
                        "jsonpath={.spec.components.imageUpdateMode}").out()).isEqualTo("rollingUpgrade");
                ok(kubectl, kubeconfig, null, "-n", "milvus", "patch", "milvus", "my-release", "--type", "merge", "-p",
                        "{\"spec\":{\"components\":{\"noSuchField\":1}}}");
                assertThat(api.cluster().get("milvus.io/v1beta1", "Milvus", "milvus", "my-release").orElseThrow().path("spec").path("components")
                        .has("noSuchField")).isFalse();
                Result invalid = kubectl(kubectl, kubeconfig, null, "-n", "milvus", "patch", "milvus", "my-release", "--type", "merge", "-p",
                        "{\"spec\":{\"mode\":\"clustr\",\"components\":{\"proxy\":{\"replicas\":\"two\"}}}}");
                assertThat(invalid.exit()).isNotZero();
                assertThat(invalid.out()).contains("The Milvus \"my-release\" is invalid")
                        .contains("spec.mode: Unsupported value: \"clustr\": supported values: \"cluster\", \"standalone\"")
                        .contains("spec.components.proxy.replicas: Invalid value: \"string\"");

                // errors are the API server's Status, as kubectl prints them
                Result missing = kubectl(kubectl, kubeconfig, null, "get", "deploy", "nope", "-n", "milvus");
                assertThat(missing.exit()).isNotZero();
                assertThat(missing.out()).contains("NotFound").contains("\"nope\" not found");
                assertThat(kubectl(kubectl, kubeconfig, null, "get", "nosuchthings").out()).contains("the server doesn't have a resource type");

                // a watch: the current objects, then each change as it happens
                Path watched = Files.createTempFile("kubectl-watch", ".txt");
                Process watch = new ProcessBuilder(kubectl.toString(), "--kubeconfig", kubeconfig.toString(), "get", "deploy", "-n", "milvus", "-w",
                        "-o", "jsonpath={.metadata.name} {.spec.replicas}{\"\\n\"}").redirectErrorStream(true).redirectOutput(watched.toFile()).start();
                try {
                    awaitContent(watched, "my-release-milvus-proxy 1"); // the apply above set replicas back to the manifest's 1
                    ok(kubectl, kubeconfig, null, "-n", "milvus", "scale", "deployment", "my-release-milvus-proxy", "--replicas=3");
                    awaitContent(watched, "my-release-milvus-proxy 3");
                } finally {
                    watch.destroy();
                    Files.deleteIfExists(watched);
                }

                assertThat(ok(kubectl, kubeconfig, null, "delete", "deployment", "my-release-milvus-proxy", "-n", "milvus").out()).contains("deleted");
                assertThat(api.cluster().list("v1", "Pod", "milvus", "")).as("the garbage collector took the pods").isEmpty();
            } finally {
                ticker.shutdownNow();
            }
        }
    }

    private static void awaitContent(Path file, String expected) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!Files.readString(file).contains(expected)) {
            assertThat(System.nanoTime()).as("kubectl's watch printed '%s'; it printed: %s", expected, Files.readString(file)).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    static Path reference(String file) {
        for (Path p : new Path[] {Path.of("../../shared/reference"), Path.of("../shared/reference")}) {
            if (Files.isDirectory(p)) return p.resolve(file).toAbsolutePath().normalize();
        }
        throw new IllegalStateException("shared/reference not found beside the checkout");
    }
}
