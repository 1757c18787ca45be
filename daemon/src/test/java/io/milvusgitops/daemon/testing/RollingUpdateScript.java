package io.milvusgitops.daemon.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Milvus's own upgrade script, {@code deployments/upgrade/rollingUpdate.sh}, run unchanged from
 * shared/reference/peers (never copied into the project) with Debian's kubectl against an emulated cluster.
 */
public final class RollingUpdateScript {

    /** Debian's kubectl where bin/setup unpacked it because another kubectl owns /usr/bin/kubectl. */
    static final Path DEBIAN_EXTRACTED = Path.of("/opt/kubernetes-client/usr/bin");

    public record Result(int exit, String output) {
    }

    private final Path script;
    private final Path kubectlDir;

    private RollingUpdateScript(Path script, Path kubectlDir) {
        this.script = script;
        this.kubectlDir = kubectlDir;
    }

    /** The script beside the checkout and a kubectl to run it with; a missing one fails the test with how to get it. */
    public static RollingUpdateScript locate() {
        Path script = ReferenceCharts.reference().resolve("peers/rollingUpdate.sh");
        if (!Files.isRegularFile(script)) {
            fail(script + " is missing: shared/reference/peers holds Milvus's rollingUpdate.sh unchanged (milvus-io/milvus, "
                    + "deployments/upgrade/rollingUpdate.sh at commit 4e26d626f880); put it back from there");
        }
        Path dir = Files.isExecutable(DEBIAN_EXTRACTED.resolve("kubectl")) ? DEBIAN_EXTRACTED
                : Path.of(Tools.require("kubectl", "kubernetes-client")).getParent();
        return new RollingUpdateScript(script, dir);
    }

    /** {@code rollingUpdate.sh -n <namespace> -i <release> -o update -t <version> -w <image>}, KUBECONFIG on the emulator. */
    public Result update(Path kubeconfig, Path home, String namespace, String release, String version, String image)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", script.toString(), "-n", namespace, "-i", release, "-o", "update",
                "-t", version, "-w", image)).redirectErrorStream(true);
        pb.environment().put("KUBECONFIG", kubeconfig.toString());
        // kubectl caches discovery under $HOME: a fresh one, as for a new user.
        pb.environment().put("HOME", home.toString());
        pb.environment().put("PATH", kubectlDir + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("rollingUpdate.sh did not end within 300 s:\n" + new String(out, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
