package io.milvusgitops.daemon.deploy;

import static io.milvusgitops.daemon.deploy.DeployFiles.DEPLOY;
import static io.milvusgitops.daemon.deploy.DeployFiles.MANIFESTS;
import static io.milvusgitops.daemon.deploy.DeployFiles.at;
import static io.milvusgitops.daemon.deploy.DeployFiles.kind;
import static io.milvusgitops.daemon.deploy.DeployFiles.load;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.milvusgitops.daemon.config.DaemonConfig;
import io.milvusgitops.daemon.config.DaemonConfigParser;
import io.milvusgitops.daemon.git.Credentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Dockerfile and the Compose file, read as text and YAML: no Docker engine runs on the build
 * machine, so nothing is built or started here. They must agree with each other, with the jar Maven
 * builds, with the chart and the manifests, and the Compose config must be one the daemon accepts.
 */
class DeployComposeTest {

    static final Path DOCKERFILE = DEPLOY.resolve("docker/Dockerfile");
    static final Path COMPOSE = DEPLOY.resolve("compose/docker-compose.yml");
    static final Path CHART = DEPLOY.resolve("helm/milvus-gitops");

    @TempDir
    Path secrets;

    @Test
    void theDockerfileRunsTheShadedJarAsTheNonRootUserTheChartAndManifestsExpect() throws Exception {
        Map<String, String> docker = instructions(DOCKERFILE);
        assertThat(docker.get("FROM")).isEqualTo("eclipse-temurin:21-jre");
        String finalName = match(Files.readString(Path.of("pom.xml")), "<finalName>([^<]+)</finalName>");
        String[] copy = docker.get("COPY").split("\\s+");
        assertThat(copy[0]).as("the jar the shade plugin writes").isEqualTo("daemon/target/" + finalName + ".jar");
        List<String> entrypoint = List.of(new ObjectMapper().readValue(docker.get("ENTRYPOINT"), String[].class));
        assertThat(entrypoint).startsWith("java", "--enable-native-access=ALL-UNNAMED", "-jar").endsWith(copy[1]);

        String uid = docker.get("USER").split(":")[0];
        assertThat(uid).isNotEqualTo("0").isEqualTo(String.valueOf(at(load(CHART.resolve("values.yaml")).getFirst(), "podSecurityContext", "runAsUser")));
        assertThat(String.valueOf(at(kind(load(MANIFESTS), "Deployment"), "spec", "template", "spec", "securityContext", "runAsUser"))).isEqualTo(uid);
        assertThat(docker.get("EXPOSE")).isEqualTo(String.valueOf(composeConfig().port()));
        assertThat(docker.get("HEALTHCHECK")).contains("http://127.0.0.1:" + docker.get("EXPOSE") + "/healthz");
    }

    @Test
    void theComposeConfigIsOneTheDaemonAcceptsWithTheSecretsComposeMounts() throws Exception {
        DaemonConfig config = composeConfig();
        assertThat(config.git().credentials()).isInstanceOf(Credentials.Token.class);
        assertThat(config.webhooks().github()).isPresent();
        assertThat(config.leaderElection()).as("one daemon, no Kubernetes Lease").isEmpty();
    }

    @Test
    void theComposeFileRunsTheImageOnTheConfigPathOfTheDockerfileBesideMilvus() throws Exception {
        Map<?, ?> compose = load(COMPOSE).getFirst();
        Map<?, ?> daemon = (Map<?, ?>) at(compose, "services", "milvus-gitops");
        String image = at(load(CHART.resolve("values.yaml")).getFirst(), "image", "repository") + ":"
                + at(load(CHART.resolve("Chart.yaml")).getFirst(), "appVersion");
        assertThat(daemon.get("image")).as("the image the chart and docs/deploy.md name").isEqualTo(image);
        assertThat(at(kind(load(MANIFESTS), "Deployment"), "spec", "template", "spec", "containers", 0, "image")).isEqualTo(image);

        Map<String, String> volumes = new LinkedHashMap<>(); // target -> source
        for (Object v : (List<?>) daemon.get("volumes")) {
            String[] parts = ((String) v).split(":");
            volumes.put(parts[1], parts[0]);
        }
        List<String> cmd = List.of(new ObjectMapper().readValue(instructions(DOCKERFILE).get("CMD"), String[].class));
        String configPath = cmd.get(cmd.indexOf("--config") + 1);
        assertThat(volumes.get(configPath)).as("the config mounted where the image's CMD reads it").isEqualTo("./config.yaml");
        assertThat(volumes).containsEntry(composeConfig().dataDir().toString(), "data").containsKey("/var/run/docker.sock");
        assertThat(daemon.get("read_only")).isEqualTo(true);
        assertThat(at(compose, "networks", "milvus", "external")).as("Milvus's own Compose network").isEqualTo(true);
    }

    /** deploy/compose/config.yaml, parsed with a stand-in file for each Compose secret of the daemon's service. */
    private DaemonConfig composeConfig() throws Exception {
        Map<?, ?> compose = load(COMPOSE).getFirst();
        for (Object name : (List<?>) at(compose, "services", "milvus-gitops", "secrets")) {
            assertThat(at(compose, "secrets", name, "file")).isNotNull();
            Files.writeString(secrets.resolve((String) name), "not-a-real-" + name + "\n");
        }
        String text = Files.readString(COMPOSE.resolveSibling("config.yaml")).replace("/run/secrets/", secrets + "/");
        var parsed = DaemonConfigParser.parse("config.yaml", text);
        assertThat(parsed).as("%s", parsed).isInstanceOf(DaemonConfigParser.Result.Valid.class);
        return ((DaemonConfigParser.Result.Valid) parsed).config();
    }

    /** Instruction -> its arguments, continuation lines joined; the last of a repeated instruction wins. */
    private static Map<String, String> instructions(Path dockerfile) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        String joined = Files.readString(dockerfile).replaceAll("\\\\\\n", " ");
        for (String line : joined.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
            String[] parts = line.split("\\s+", 2);
            out.put(parts[0], parts.length > 1 ? parts[1].strip() : "");
        }
        return out;
    }

    private static String match(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("%s in the text", regex).isTrue();
        return m.group(1);
    }
}
