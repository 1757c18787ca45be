package io.milvusgitops.daemon.compose;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.ContainerConfig;
import java.util.Optional;

/**
 * Puts one container of a service on an image, crash-safe, keeping everything else it was created
 * with ({@link ContainerSpec}). The old container is never deleted here: it is stopped and renamed
 * {@code <name>.pre-upgrade}, so the way back starts the very same container again, and the hop's
 * last step removes it. Every call looks at what exists and goes on from there, so a call repeated
 * after a crash at any point finishes the work instead of doing it twice:
 * <pre>
 *   N on the image                      -> started if it is not running: done
 *   N.pre-upgrade on the image          -> N (a replacement) removed, N.pre-upgrade renamed back to N, started
 *   N on another image, no N.pre-upgrade -> N stopped, renamed N.pre-upgrade; then as below
 *   N on another image, N.pre-upgrade   -> N (our own replacement) stopped and removed; then as below
 *   no N, N.pre-upgrade                 -> N created from N.pre-upgrade's spec on the image, started
 * </pre>
 */
final class ContainerOps {

    /** Docker's own default: busybox and Milvus both stop within it (Compose files give Milvus init). */
    static final int STOP_SECONDS = 30;

    private final DockerClient docker;
    private final String dockerHost;

    ContainerOps(DockerClient docker, String dockerHost) {
        this.docker = docker;
        this.dockerHost = dockerHost;
    }

    DockerClient docker() {
        return docker;
    }

    /** An image the hop needs is not on the Docker host: nothing was stopped, the message says what to pull. */
    static final class MissingImage extends Exception {
        MissingImage(String message) {
            super(message);
        }
    }

    /**
     * Fails before anything is stopped when the image is not on the host. Nothing is pulled: an
     * upgrade never waits on a registry (edge hosts often have none), the operator pulls or loads it.
     */
    void requireImage(String image) throws MissingImage {
        if (image(image).isEmpty()) {
            throw new MissingImage("image " + image + " is not on Docker host " + dockerHost + ": pull it there first (docker pull " + image
                    + ", or docker load from an archive); nothing was stopped");
        }
    }

    /** The image, as this host has it; empty when it must be pulled or loaded first. */
    Optional<ContainerConfig> image(String image) {
        try {
            return Optional.ofNullable(docker.inspectImageCmd(image).exec().getConfig()).or(() -> Optional.of(new ContainerConfig()));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** Brings the service's container {@code name} onto {@code image} and starts it; what it did, in words. */
    String put(ObservedProject p, String name, String image) {
        Optional<ProjectContainer> live = p.named(name);
        Optional<ProjectContainer> kept = p.named(name + ComposeLabels.RETIRED);
        if (live.isPresent() && live.get().image().equals(image)) {
            return start(live.get()) ? "started " + name + " on " + image : name + " already runs " + image;
        }
        if (kept.isPresent() && kept.get().image().equals(image)) {
            live.ifPresent(this::remove);
            docker.renameContainerCmd(kept.get().id()).withName(name).exec();
            start(kept.get());
            return name + " is back on " + image + " (its own container " + shortId(kept.get()) + ")";
        }
        ProjectContainer source = live.or(() -> kept).orElseThrow(() -> new IllegalStateException("no container " + name));
        // The spec is read before anything changes: from the live container, or from the one kept for the way back.
        ContainerSpec spec = spec(source).named(name).withImage(image);
        if (live.isPresent() && kept.isEmpty()) {
            stop(live.get());
            docker.renameContainerCmd(live.get().id()).withName(name + ComposeLabels.RETIRED).exec();
        } else if (live.isPresent()) {
            remove(live.get()); // a replacement made earlier in this hop: the original is the one kept
        }
        String id = spec.create(docker);
        docker.startContainerCmd(id).exec();
        return name + " replaced: " + source.image() + " -> " + image + " (old container kept stopped as " + name + ComposeLabels.RETIRED + ")";
    }

    ContainerSpec spec(ProjectContainer c) {
        var inspected = docker.inspectContainerCmd(c.id()).exec();
        ContainerConfig imageConfig = image(c.image()).orElse(null);
        return ContainerSpec.of(inspected, imageConfig);
    }

    /** Starts a container that is not running; false when it already ran. */
    boolean start(ProjectContainer c) {
        if (c.running()) return false;
        try {
            docker.startContainerCmd(c.id()).exec();
            return true;
        } catch (NotModifiedException e) {
            return false;
        }
    }

    /** Stops a running container; false when it was not running. */
    boolean stop(ProjectContainer c) {
        if (!c.running() && !"restarting".equals(c.state())) return false;
        try {
            docker.stopContainerCmd(c.id()).withTimeout(STOP_SECONDS).exec();
            return true;
        } catch (NotModifiedException e) {
            return false;
        }
    }

    /** Takes a component out of service, kept for the way back; a container this hop created is removed outright. */
    String retire(ProjectContainer c, String hopId) {
        if (c.createdBy().filter(hopId::equals).isPresent()) {
            remove(c);
            return "removed " + c.name() + " (created by this hop)";
        }
        stop(c);
        docker.renameContainerCmd(c.id()).withName(c.name() + ComposeLabels.RETIRED).exec();
        return c.name() + " stopped and kept as " + c.name() + ComposeLabels.RETIRED;
    }

    void remove(ProjectContainer c) {
        try {
            docker.removeContainerCmd(c.id()).withForce(true).exec();
        } catch (NotFoundException e) {
            // already gone
        }
    }

    static String shortId(ProjectContainer c) {
        return c.id().substring(0, 12);
    }
}
