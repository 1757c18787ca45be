package io.milvusgitops.daemon.compose;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Link;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a container was created with, read back from {@code docker inspect}, so that a
 * container on another image keeps it all: name, labels (Compose's among them), environment,
 * command, entrypoint, healthcheck, the whole host config (mounts and volumes, ports, restart policy,
 * init, security options, resources, logging, ...), and every network with its aliases, static
 * addresses and links. Anonymous volumes are named explicitly, so the data in them stays with the
 * service, as {@code docker-compose up} keeps it when it recreates a container.
 *
 * <p>What the old <em>image</em> brought (its ENV, labels, CMD, entrypoint, working dir, user,
 * healthcheck, volumes, exposed ports) is left out: the new image brings its own. Only what differs
 * from the old image's defaults was set by Compose, and only that is kept. A value of null means
 * "not set: the image's default applies", as in Docker's own API.
 */
record ContainerSpec(String name, String image, Map<String, String> labels, List<String> env, List<String> cmd, List<String> entrypoint,
                     String workingDir, String user, HealthCheck healthcheck, String hostname, String domainname, String macAddress,
                     List<ExposedPort> exposedPorts, List<Volume> volumes, Boolean tty, Boolean openStdin, String stopSignal,
                     Integer stopTimeout, HostConfig hostConfig, List<Endpoint> networks) {

    /** One network the container is attached to, as Compose attached it. */
    record Endpoint(String network, List<String> aliases, ContainerNetwork.Ipam ipam, List<String> links) {
    }

    /** The spec of a container, less what its image {@code imageConfig} brought. */
    static ContainerSpec of(InspectContainerResponse c, ContainerConfig imageConfig) {
        ContainerConfig cc = c.getConfig();
        ContainerConfig img = imageConfig == null ? new ContainerConfig() : imageConfig;
        Map<String, String> labels = new LinkedHashMap<>(cc.getLabels() == null ? Map.of() : cc.getLabels());
        if (img.getLabels() != null) img.getLabels().forEach((k, v) -> labels.remove(k, v));
        Set<String> imageEnv = new HashSet<>(list(img.getEnv()));
        List<String> env = list(cc.getEnv()).stream().filter(e -> !imageEnv.contains(e)).toList();
        String shortId = c.getId().substring(0, 12);
        Set<ExposedPort> imagePorts = new HashSet<>(Arrays.asList(img.getExposedPorts() == null ? new ExposedPort[0] : img.getExposedPorts()));
        List<ExposedPort> ports = Arrays.stream(cc.getExposedPorts() == null ? new ExposedPort[0] : cc.getExposedPorts())
                .filter(p -> !imagePorts.contains(p)).toList();
        Set<String> imageVolumes = img.getVolumes() == null ? Set.of() : img.getVolumes().keySet();
        List<Volume> volumes = cc.getVolumes() == null ? List.of()
                : cc.getVolumes().keySet().stream().filter(v -> !imageVolumes.contains(v)).map(Volume::new).toList();
        Object stopTimeout = cc.getRawValues() == null ? null : cc.getRawValues().get("StopTimeout");
        return new ContainerSpec(c.getName().replaceFirst("^/", ""), cc.getImage(), labels, env,
                same(cc.getCmd(), img.getCmd()) ? null : list(cc.getCmd()),
                same(cc.getEntrypoint(), img.getEntrypoint()) ? null : list(cc.getEntrypoint()),
                Objects.equals(cc.getWorkingDir(), img.getWorkingDir()) ? null : cc.getWorkingDir(),
                Objects.equals(cc.getUser(), img.getUser()) ? null : cc.getUser(),
                Objects.equals(cc.getHealthcheck(), img.getHealthcheck()) ? null : cc.getHealthcheck(),
                shortId.equals(cc.getHostName()) ? null : cc.getHostName(), emptyToNull(cc.getDomainName()), emptyToNull(cc.getMacAddress()),
                ports, volumes,
                cc.getTty(), cc.getStdinOpen(), stopSignal(cc, img), stopTimeout instanceof Number n ? n.intValue() : null,
                keepAnonymousVolumes(c), endpoints(c, shortId));
    }

    ContainerSpec withImage(String newImage) {
        return new ContainerSpec(name, newImage, labels, env, cmd, entrypoint, workingDir, user, healthcheck, hostname, domainname, macAddress,
                exposedPorts, volumes, tty, openStdin, stopSignal, stopTimeout, hostConfig, networks);
    }

    /** The same container with {@code key=value} in its environment (replacing the key's value, if it has one). */
    ContainerSpec withEnv(String key, String value) {
        List<String> e = new ArrayList<>(env.stream().filter(x -> !x.startsWith(key + "=")).toList());
        e.add(key + "=" + value);
        return new ContainerSpec(name, image, labels, e, cmd, entrypoint, workingDir, user, healthcheck, hostname, domainname, macAddress,
                exposedPorts, volumes, tty, openStdin, stopSignal, stopTimeout, hostConfig, networks);
    }

    ContainerSpec named(String newName) {
        return new ContainerSpec(newName, image, labels, env, cmd, entrypoint, workingDir, user, healthcheck, hostname, domainname, macAddress,
                exposedPorts, volumes, tty, openStdin, stopSignal, stopTimeout, hostConfig, networks);
    }

    /**
     * A container for a service the project did not run (2.6: mixcoord, streamingnode), modelled on one
     * it runs: the same environment, config binds, networks, restart policy, healthcheck and init, with
     * the service's name in the container name, Compose labels and aliases, and {@code milvus run <service>}.
     * Published ports and volumes stay with the model: they belong to it.
     */
    ContainerSpec modelledOn(String fromRole, String fromService, String toService, String project, Map<String, String> extraLabels) {
        List<String> command = cmd == null ? null : cmd.stream().map(a -> a.equals(fromRole) ? toService : a).toList();
        Map<String, String> l = new LinkedHashMap<>(labels);
        l.put(ComposeLabels.SERVICE, toService);
        l.put(ComposeLabels.NUMBER, "1");
        l.remove(ComposeLabels.CONFIG_HASH);
        l.putAll(extraLabels);
        String newName = name.contains(fromService) ? name.replace(fromService, toService) : project + "-" + toService + "-1";
        hostConfig.withPortBindings(new Ports());
        hostConfig.withBinds(Arrays.stream(hostConfig.getBinds() == null ? new Bind[0] : hostConfig.getBinds())
                .filter(b -> b.getPath().startsWith("/")).toList());
        if (hostConfig.getMounts() != null) {
            hostConfig.withMounts(hostConfig.getMounts().stream().filter(m -> m.getType() == MountType.BIND).toList());
        }
        List<Endpoint> nets = networks.stream().map(e -> new Endpoint(e.network(),
                e.aliases().stream().map(a -> a.equals(fromService) ? toService : a).filter(a -> !a.equals(name)).toList(), null, e.links())).toList();
        return new ContainerSpec(newName, image, l, env, command, entrypoint, workingDir, user, healthcheck, null, domainname, null,
                exposedPorts, volumes, tty, openStdin, stopSignal, stopTimeout, hostConfig, nets);
    }

    /** Creates the container (not started) and attaches it to its networks; returns its id. */
    String create(DockerClient docker) {
        CreateContainerCmd cmd = docker.createContainerCmd(image).withName(name).withLabels(labels).withEnv(env).withHostConfig(hostConfig);
        if (this.cmd != null) cmd.withCmd(this.cmd);
        if (entrypoint != null) cmd.withEntrypoint(entrypoint);
        if (workingDir != null) cmd.withWorkingDir(workingDir);
        if (user != null) cmd.withUser(user);
        if (healthcheck != null) cmd.withHealthcheck(healthcheck);
        if (hostname != null) cmd.withHostName(hostname);
        if (domainname != null) cmd.withDomainName(domainname);
        if (macAddress != null) cmd.withMacAddress(macAddress);
        if (!exposedPorts.isEmpty()) cmd.withExposedPorts(exposedPorts);
        if (!volumes.isEmpty()) cmd.withVolumes(volumes);
        if (tty != null) cmd.withTty(tty);
        if (openStdin != null) cmd.withStdinOpen(openStdin);
        if (stopSignal != null) cmd.withStopSignal(stopSignal);
        if (stopTimeout != null) cmd.withStopTimeout(stopTimeout);
        String id = cmd.exec().getId();
        // The create call attaches the container to the network of its NetworkMode without our aliases
        // and addresses; on a user-defined network it is attached again with them, then to the others.
        for (Endpoint e : networks) {
            boolean primary = e.network().equals(hostConfig.getNetworkMode());
            if (!isUserDefined(e.network())) continue;
            if (primary) docker.disconnectFromNetworkCmd().withContainerId(id).withNetworkId(e.network()).withForce(true).exec();
            ContainerNetwork n = new ContainerNetwork().withAliases(e.aliases());
            if (e.ipam() != null) n.withIpamConfig(e.ipam());
            if (!e.links().isEmpty()) n.withLinks(e.links().stream().map(Link::parse).toList());
            docker.connectToNetworkCmd().withContainerId(id).withNetworkId(e.network()).withContainerNetwork(n).exec();
        }
        return id;
    }

    static boolean isUserDefined(String network) {
        return !List.of("bridge", "host", "none", "default").contains(network) && !network.startsWith("container:");
    }

    /**
     * Anonymous volumes (a VOLUME of the image, or {@code - /data} in Compose) are named in the new
     * container's binds: the new container mounts the same data instead of an empty new volume.
     */
    private static HostConfig keepAnonymousVolumes(InspectContainerResponse c) {
        HostConfig hc = c.getHostConfig();
        if (c.getMounts() == null) return hc;
        Set<String> covered = new HashSet<>();
        List<Bind> binds = new ArrayList<>(Arrays.asList(hc.getBinds() == null ? new Bind[0] : hc.getBinds()));
        binds.forEach(b -> covered.add(b.getVolume().getPath()));
        if (hc.getMounts() != null) hc.getMounts().forEach(m -> covered.add(m.getTarget()));
        boolean added = false;
        for (InspectContainerResponse.Mount m : c.getMounts()) {
            String dest = m.getDestination() == null ? null : m.getDestination().getPath();
            if (m.getName() == null || dest == null || covered.contains(dest)) continue;
            binds.add(new Bind(m.getName(), new Volume(dest), Boolean.FALSE.equals(m.getRW()) ? AccessMode.ro : AccessMode.rw));
            added = true;
        }
        return added ? hc.withBinds(binds) : hc;
    }

    private static List<Endpoint> endpoints(InspectContainerResponse c, String shortId) {
        List<Endpoint> out = new ArrayList<>();
        Map<String, ContainerNetwork> nets = c.getNetworkSettings() == null ? null : c.getNetworkSettings().getNetworks();
        if (nets == null) return out;
        // The network of NetworkMode first: it is the one the container is created on.
        String primary = c.getHostConfig().getNetworkMode();
        List<String> names = new ArrayList<>(nets.keySet());
        names.sort((a, b) -> Boolean.compare(!a.equals(primary), !b.equals(primary)));
        for (String name : names) {
            ContainerNetwork n = nets.get(name);
            // Docker adds the container's short id as an alias by itself; the old id means nothing to the new container.
            List<String> aliases = n.getAliases() == null ? List.of() : n.getAliases().stream().filter(a -> !a.equals(shortId)).toList();
            List<String> links = n.getLinks() == null ? List.of() : Arrays.stream(n.getLinks()).map(l -> l.getName() + ":" + l.getAlias()).toList();
            out.add(new Endpoint(name, aliases, n.getIpamConfig(), links));
        }
        return out;
    }

    private static String stopSignal(ContainerConfig cc, ContainerConfig img) {
        Object mine = cc.getRawValues() == null ? null : cc.getRawValues().get("StopSignal");
        Object theirs = img.getRawValues() == null ? null : img.getRawValues().get("StopSignal");
        return mine == null || mine.equals(theirs) ? null : mine.toString();
    }

    private static boolean same(String[] a, String[] b) {
        return Arrays.equals(a, b);
    }

    private static List<String> list(String[] a) {
        return a == null ? List.of() : List.of(a);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
