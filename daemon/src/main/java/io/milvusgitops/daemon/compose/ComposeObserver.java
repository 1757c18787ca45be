package io.milvusgitops.daemon.compose;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import io.milvusgitops.daemon.compose.ProjectContainer.Dependency;
import io.milvusgitops.policy.target.Component;
import io.milvusgitops.policy.target.Image;
import io.milvusgitops.policy.target.Named;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a Compose project from the Docker Engine: the containers labelled
 * {@code com.docker.compose.project=<project>} (running or not), each inspected. A container is a
 * Milvus component when its command says {@code milvus run <component>} (as every Milvus Compose file
 * writes it), else when a {@code milvus} image serves a service named after a component; etcd, MinIO,
 * Pulsar, Kafka and ZooKeeper are recognised by their image. Observing never changes anything.
 */
public final class ComposeObserver {

    private final DockerClient docker;

    public ComposeObserver(DockerClient docker) {
        this.docker = docker;
    }

    public ObservedProject observe(String project) {
        List<ProjectContainer> out = new ArrayList<>();
        List<Container> listed = docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(ComposeLabels.PROJECT, project)).exec();
        for (Container c : listed) {
            if ("True".equalsIgnoreCase(c.getLabels().get(ComposeLabels.ONEOFF))) continue; // docker-compose run: not a service
            try {
                out.add(read(docker.inspectContainerCmd(c.getId()).exec()));
            } catch (NotFoundException e) {
                // removed between list and inspect: it is not part of the project any more
            }
        }
        out.sort(Comparator.comparing(ProjectContainer::name));
        return new ObservedProject(project, out);
    }

    static ProjectContainer read(InspectContainerResponse i) {
        var config = i.getConfig();
        Map<String, String> labels = config.getLabels() == null ? Map.of() : config.getLabels();
        String service = labels.getOrDefault(ComposeLabels.SERVICE, "");
        String image = config.getImage() == null ? "" : config.getImage();
        List<String> command = new ArrayList<>();
        if (config.getEntrypoint() != null) command.addAll(Arrays.asList(config.getEntrypoint()));
        if (config.getCmd() != null) command.addAll(Arrays.asList(config.getCmd()));
        Optional<Dependency> dependency = dependency(image);
        Optional<Component> component = dependency.isPresent() ? Optional.empty() : component(command, service, image);
        var state = i.getState();
        Optional<String> health = Optional.ofNullable(state.getHealth()).map(h -> h.getStatus()).filter(s -> !s.isBlank() && !"none".equals(s));
        return new ProjectContainer(i.getId(), i.getName().replaceFirst("^/", ""), service, component, dependency, image,
                Image.parse(image).version(), state.getStatus() == null ? "unknown" : state.getStatus(), health,
                i.getRestartCount() == null ? 0 : i.getRestartCount(), state.getExitCodeLong() == null ? 0 : state.getExitCodeLong().intValue(),
                etcdEndpoints(config.getEnv()), networks(i), mounts(i), published(i),
                Optional.ofNullable(labels.get(ComposeLabels.CREATED_BY)), Optional.ofNullable(labels.get(ComposeLabels.CONFIG_FILES)));
    }

    /** {@code milvus run querynode} -> querynode; else the service name, for a Milvus image. */
    static Optional<Component> component(List<String> command, String service, String image) {
        int run = command.indexOf("run");
        if (run >= 0 && run + 1 < command.size() && command.stream().limit(run).anyMatch(a -> a.endsWith("milvus"))) {
            return Named.byId(Component.class, command.get(run + 1));
        }
        if (Image.parse(image).repository().endsWith("milvus")) {
            return Named.byId(Component.class, service);
        }
        return Optional.empty();
    }

    static Optional<Dependency> dependency(String image) {
        String repo = Image.parse(image).repository().toLowerCase(Locale.ROOT);
        String name = repo.substring(repo.lastIndexOf('/') + 1);
        for (Dependency d : Dependency.values()) {
            if (name.contains(d.name().toLowerCase(Locale.ROOT))) return Optional.of(d);
        }
        return Optional.empty();
    }

    /** {@code ETCD_ENDPOINTS=etcd:2379,etcd2:2379}: how Milvus's Compose files point it at etcd. */
    static List<String> etcdEndpoints(String[] env) {
        if (env == null) return List.of();
        for (String e : env) {
            if (e.startsWith("ETCD_ENDPOINTS=")) {
                return Arrays.stream(e.substring("ETCD_ENDPOINTS=".length()).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            }
        }
        return List.of();
    }

    private static Map<String, List<String>> networks(InspectContainerResponse i) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Map<String, ContainerNetwork> nets = i.getNetworkSettings() == null ? null : i.getNetworkSettings().getNetworks();
        if (nets != null) nets.forEach((name, n) -> out.put(name, n.getAliases() == null ? List.of() : List.copyOf(n.getAliases())));
        return out;
    }

    private static List<String> mounts(InspectContainerResponse i) {
        if (i.getMounts() == null) return List.of();
        return i.getMounts().stream().map(m -> (m.getName() != null ? m.getName() : m.getSource()) + " -> "
                + (m.getDestination() == null ? "?" : m.getDestination().getPath())).toList();
    }

    private static Map<Integer, String> published(InspectContainerResponse i) {
        Map<Integer, String> out = new LinkedHashMap<>();
        Ports ports = i.getNetworkSettings() == null ? null : i.getNetworkSettings().getPorts();
        if (ports == null) return out;
        for (Map.Entry<ExposedPort, Ports.Binding[]> e : ports.getBindings().entrySet()) {
            if (e.getValue() == null || e.getValue().length == 0) continue;
            Ports.Binding b = e.getValue()[0];
            out.put(e.getKey().getPort(), (b.getHostIp() == null || b.getHostIp().isEmpty() ? "0.0.0.0" : b.getHostIp()) + ":" + b.getHostPortSpec());
        }
        return out;
    }
}
