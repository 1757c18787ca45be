package io.milvusgitops.daemon.compose;

import io.milvusgitops.daemon.driver.FailureReason;
import io.milvusgitops.daemon.driver.StepContext;
import io.milvusgitops.daemon.driver.StepOutcome.Done;
import io.milvusgitops.daemon.driver.StepOutcome.Failed;
import io.milvusgitops.daemon.driver.StepOutcome.InProgress;
import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.target.Component;
import io.milvusgitops.policy.target.Image;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The steps that put components on an image: update (rolling, one container at a time), start
 * (after a stop: all at once), create (a component the project did not run) and remove.
 */
final class ComponentSteps {

    private final ContainerOps ops;
    private final VersionCatalog catalog;

    ComponentSteps(ContainerOps ops, VersionCatalog catalog) {
        this.ops = ops;
        this.catalog = catalog;
    }

    /**
     * Rolling: the component's containers one at a time, each healthy before the next is replaced
     * (a scaled service has several). A component the project does not run is skipped.
     */
    StepOutcome update(StepContext ctx, ObservedProject p, Component component, String image, MilvusHealthz healthz, Clock clock,
                       Duration recheck) throws ContainerOps.MissingImage {
        List<ProjectContainer> live = p.of(component);
        List<ProjectContainer> orphans = orphans(p, component);
        if (live.isEmpty() && orphans.isEmpty()) return new Done(component + " does not run here: skipped");
        ops.requireImage(image);
        if (!orphans.isEmpty()) {
            // A replacement not created yet (the daemon stopped right after keeping the old container).
            return progress(ops.put(p, orphans.get(0).serviceName(), image), live.stream().anyMatch(l -> !l.image().equals(image)), recheck);
        }
        for (ProjectContainer c : live) {
            if (!c.image().equals(image)) {
                long left = live.stream().filter(l -> !l.image().equals(image)).count() - 1;
                return progress(ops.put(p, c.name(), image), left > 0, recheck);
            }
            boolean more = live.stream().anyMatch(l -> !l.image().equals(image));
            if (more && (!c.healthy() || healthz.problem(c).isPresent())) {
                if (c.crashed()) {
                    return Failed.fatal(FailureReason.NOT_READY, "container " + c.name() + " (" + image + ") exited with code " + c.exitCode()
                            + ": see docker logs " + c.name());
                }
                if (clock.instant().isAfter(ctx.startedAt().plus(ctx.timeout()))) {
                    return Failed.fatal(FailureReason.NOT_READY, c.name() + " is not healthy after " + ctx.timeout());
                }
                return new InProgress(recheck, c.name() + " to be healthy before the next " + component + " container is replaced");
            }
        }
        return new Done(component + " runs " + image);
    }

    private static StepOutcome progress(String what, boolean more, Duration recheck) {
        return more ? new InProgress(recheck, what + "; the next one once it is healthy") : new Done(what);
    }

    /**
     * After a stop: every container of the components on the image, started. A component the project
     * lacks is created when the image's version needs it (2.6 runs MixCoord where 2.5 ran three
     * coordinators); on the way back, a container this hop created is removed.
     */
    StepOutcome start(StepContext ctx, ObservedProject p, List<Component> components, String image) throws ContainerOps.MissingImage {
        ops.requireImage(image);
        boolean back = Image.parse(image).version().equals(Optional.of(ctx.hop().from()));
        List<String> did = new ArrayList<>();
        for (Component c : components) {
            List<ProjectContainer> live = p.of(c);
            List<ProjectContainer> orphans = orphans(p, c);
            for (ProjectContainer l : live) {
                did.add(back && l.createdBy().equals(Optional.of(ctx.hopId())) ? ops.retire(l, ctx.hopId()) : ops.put(p, l.name(), image));
            }
            for (ProjectContainer o : orphans) did.add(ops.put(p, o.serviceName(), image));
            if (live.isEmpty() && orphans.isEmpty() && !back && lineChanges(ctx) && needed(c, image, p)) {
                StepOutcome made = createModelled(ctx, p, c, image);
                if (!(made instanceof Done d)) return made;
                did.add(d.what());
            }
        }
        return new Done(did.isEmpty() ? "none of " + components + " runs here" : String.join("; ", did));
    }

    /**
     * A hop into another release line may need components the project lacked (2.6's MixCoord); within a line
     * (a recreate from 2.5.10 to 2.5.16) the project keeps the components it runs: a 2.5 project on MixCoord does
     * not grow the separate coordinators its line could also run.
     */
    private static boolean lineChanges(StepContext ctx) {
        return !ctx.hop().from().sameLine(ctx.hop().to());
    }

    /**
     * The components on the image, created (modelled on a sibling) where the project has none. On the way back a
     * component comes back only as the container it had: one the project never ran (the line's optional indexcoord)
     * is not made up.
     */
    StepOutcome create(StepContext ctx, ObservedProject p, List<Component> components, String image) throws ContainerOps.MissingImage {
        ops.requireImage(image);
        boolean back = Image.parse(image).version().equals(Optional.of(ctx.hop().from()));
        List<String> did = new ArrayList<>();
        for (Component c : components) {
            List<ProjectContainer> live = p.of(c);
            List<ProjectContainer> orphans = orphans(p, c);
            live.forEach(l -> did.add(ops.put(p, l.name(), image)));
            orphans.forEach(o -> did.add(ops.put(p, o.serviceName(), image)));
            if (live.isEmpty() && orphans.isEmpty() && !back) {
                StepOutcome made = createModelled(ctx, p, c, image);
                if (!(made instanceof Done d)) return made;
                did.add(d.what());
            }
        }
        return new Done(String.join("; ", did));
    }

    /** Out of service, kept stopped for the way back (a container this hop created is removed). */
    StepOutcome remove(StepContext ctx, ObservedProject p, List<Component> components) {
        List<String> did = new ArrayList<>();
        for (Component c : components) p.of(c).forEach(l -> did.add(ops.retire(l, ctx.hopId())));
        return new Done(did.isEmpty() ? "none of " + components + " runs" : String.join("; ", did));
    }

    private StepOutcome createModelled(StepContext ctx, ObservedProject p, Component c, String image) {
        Optional<ProjectContainer> model = models(c).flatMap(m -> p.containers().stream().filter(x -> x.component().equals(Optional.of(m))))
                .findFirst();
        if (model.isEmpty() || c == Component.STANDALONE) {
            return Failed.fatal(FailureReason.NOT_FOUND, "cannot create " + c + " in project " + p.project()
                    + ": no container of a similar component to model it on");
        }
        ProjectContainer m = model.get();
        String role = m.component().orElseThrow().id();
        ContainerSpec spec = ops.spec(m).named(m.serviceName())
                .modelledOn(role, m.service(), c.id(), p.project(), Map.of(ComposeLabels.CREATED_BY, ctx.hopId())).withImage(image);
        if (spec.cmd() == null || !spec.cmd().contains(c.id())) {
            return Failed.fatal(FailureReason.PRECONDITION, "cannot model " + c + " on " + m.name() + ": its command does not say 'milvus run "
                    + role + "'");
        }
        if (p.named(spec.name()).isPresent()) {
            return Failed.fatal(FailureReason.PRECONDITION, "cannot create " + c + ": a container named " + spec.name() + " already exists");
        }
        String id = spec.create(ops.docker());
        ops.docker().startContainerCmd(id).exec();
        return new Done("created " + spec.name() + " (" + c + ", modelled on " + m.serviceName() + ") on " + image);
    }

    /** The closest relatives first: a coordinator is modelled on a coordinator, a node on a node. */
    private static Stream<Component> models(Component c) {
        List<Component> coordinators = List.of(Component.MIXCOORD, Component.ROOTCOORD, Component.QUERYCOORD, Component.DATACOORD,
                Component.INDEXCOORD);
        List<Component> nodes = List.of(Component.STREAMINGNODE, Component.QUERYNODE, Component.DATANODE, Component.INDEXNODE);
        List<Component> first = c.isCoordinator() ? coordinators : nodes;
        return Stream.concat(Stream.concat(first.stream(), Stream.of(Component.PROXY)), Stream.concat(coordinators.stream(), nodes.stream()))
                .filter(x -> x != c).distinct();
    }

    /**
     * The image's version runs the component in every deployment of the mode (not as an option). Not a
     * plan of the driver's own: the hop's steps name the components of the versions' topologies, but a
     * project may run them otherwise (three coordinators where the 2.5 topology has MixCoord); the
     * catalog's topology of the target version says what must exist after the step.
     */
    private boolean needed(Component c, String image, ObservedProject p) {
        return Image.parse(image).version().flatMap(catalog::topology).map(t -> t.components(p.mode()).contains(c)).orElse(false);
    }

    /** Kept containers whose service name no live container has: a replacement not created yet, or a removed component. */
    private static List<ProjectContainer> orphans(ObservedProject p, Component c) {
        return p.retiredOf(c).stream().filter(r -> p.named(r.serviceName()).isEmpty()).toList();
    }
}
