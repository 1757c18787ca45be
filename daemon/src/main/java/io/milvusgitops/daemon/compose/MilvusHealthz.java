package io.milvusgitops.daemon.compose;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Milvus's own health endpoint, {@code /healthz} on port 9091, asked from inside the container
 * ({@code docker exec}), so that the daemon needs no network path to the project's network and no
 * published port. Milvus images bring curl (their Compose healthcheck uses it); wget is the fallback.
 */
final class MilvusHealthz {

    static final String PROBE = "curl -fsS http://127.0.0.1:9091/healthz 2>/dev/null || wget -qO- http://127.0.0.1:9091/healthz";

    private final DockerClient docker;

    MilvusHealthz(DockerClient docker) {
        this.docker = docker;
    }

    /** Empty when the component answers OK; else what it said, or why it could not be asked. */
    Optional<String> problem(ProjectContainer c) {
        if (!c.running()) return Optional.of(c.name() + " is " + c.state());
        String exec = docker.execCreateCmd(c.id()).withCmd("sh", "-c", PROBE).withAttachStdout(true).withAttachStderr(true).exec().getId();
        StringBuilder out = new StringBuilder();
        try (ResultCallback.Adapter<Frame> cb = docker.execStartCmd(exec).exec(new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame f) {
                if (out.length() < 512) out.append(new String(f.getPayload(), StandardCharsets.UTF_8));
            }
        })) {
            if (!cb.awaitCompletion(10, TimeUnit.SECONDS)) return Optional.of(c.name() + ": /healthz did not answer within 10 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        } catch (IOException e) {
            return Optional.of(c.name() + ": " + e.getMessage());
        }
        Long code = docker.inspectExecCmd(exec).exec().getExitCodeLong();
        String body = out.toString().strip();
        if (code != null && code == 0 && body.equalsIgnoreCase("OK")) return Optional.empty();
        return Optional.of(c.name() + ": /healthz answered " + (body.isEmpty() ? "nothing" : "'" + body.lines().findFirst().orElse("") + "'")
                + " (exit " + code + ")");
    }
}
