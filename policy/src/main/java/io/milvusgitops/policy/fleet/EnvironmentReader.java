package io.milvusgitops.policy.fleet;

import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.Location.ComposeProject;
import io.milvusgitops.policy.fleet.Location.HelmRelease;
import io.milvusgitops.policy.fleet.Location.MilvusResource;
import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.version.Version;
import io.milvusgitops.policy.yaml.Problems;
import io.milvusgitops.policy.yaml.YamlHeader;
import io.milvusgitops.policy.yaml.YamlLimits;
import io.milvusgitops.policy.yaml.YamlLoader;
import io.milvusgitops.policy.yaml.YamlMap;
import io.milvusgitops.policy.yaml.YamlValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reads one environment file; every problem goes to the shared {@link Problems}. */
final class EnvironmentReader {

    /** A parsed environment with the positions later checks report at. */
    record Parsed(Environment environment, YamlValue nameAt, Optional<YamlValue> promoteFromAt) {
    }

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final List<String> ENV_FIELDS = List.of("apiVersion", "kind", "name", "milvusVersion", "promoteFrom", "targets");
    private static final List<String> TARGET_FIELDS = List.of("name", "method", "mode", "messageQueue", "etcdRootPath", "canary",
            "smokeTestCollection", "kubernetes", "compose");

    private final String file;
    private final VersionCatalog catalog;
    private final Problems problems;
    private String declaredName;

    EnvironmentReader(String file, VersionCatalog catalog, Problems problems) {
        this.file = file;
        this.catalog = catalog;
        this.problems = problems;
        this.declaredName = baseName();
    }

    /** The name the file gives its environment, or the file's base name when it cannot be read: valid or not. */
    String declaredName() {
        return declaredName;
    }

    Optional<Parsed> read(String text) {
        Optional<YamlMap> root = YamlLoader.load(file, text, YamlLimits.USER_FILE, problems)
                .flatMap(n -> YamlMap.root(file, n, problems));
        if (root.isEmpty()) {
            return Optional.empty();
        }
        YamlMap m = root.get();
        m.allowOnly(ENV_FIELDS);
        YamlHeader.check(m, "Environment");
        Optional<String> name = m.required("name", "write name: " + baseName()).flatMap(v -> dnsLabel(v));
        name.ifPresent(n -> declaredName = n);
        name.filter(n -> !n.equals(baseName())).ifPresent(n -> m.get("name").orElseThrow().report(
                "environment '" + n + "' is in the file " + file, "rename the file to " + n + ".yaml, or write name: " + baseName()));
        Optional<Version> version = m.required("milvusVersion", "write milvusVersion: <a Milvus release, e.g. 2.5.16>")
                .flatMap(this::milvusVersion);
        Optional<YamlValue> promoteFromAt = m.get("promoteFrom");
        Optional<String> promoteFrom = promoteFromAt.flatMap(this::dnsLabel);
        List<Target> targets = new ArrayList<>();
        Optional<List<YamlValue>> items = m.required("targets", "list the environment's Milvus deployments under targets:")
                .flatMap(YamlValue::asList);
        if (items.isPresent() && items.get().isEmpty()) {
            m.get("targets").orElseThrow().report("an environment needs at least one target", "add a target under targets:");
        }
        Map<Target, YamlValue> positions = new HashMap<>();
        items.ifPresent(list -> list.forEach(item -> target(item, version).ifPresent(t -> {
            targets.add(t);
            positions.put(t, item);
        })));
        checkTargets(m, targets, positions);
        if (name.isEmpty() || version.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(new Environment(name.get(), file, version.get(), promoteFrom, targets),
                m.get("name").orElseThrow(), promoteFromAt));
    }

    private Optional<Target> target(YamlValue item, Optional<Version> version) {
        Optional<YamlMap> mm = item.asMap();
        if (mm.isEmpty()) return Optional.empty();
        YamlMap t = mm.get();
        t.allowOnly(TARGET_FIELDS);
        Optional<String> name = t.required("name", "give the target a name, e.g. name: search-prod").flatMap(this::dnsLabel);
        Optional<DeployMethod> method = t.required("method", "write method: helm, operator or compose").flatMap(v -> v.asEnum(DeployMethod.class));
        Optional<DeployMode> mode = t.required("mode", "write mode: standalone or cluster").flatMap(v -> v.asEnum(DeployMode.class));
        Optional<MessageQueue> mq = t.required("messageQueue", "write messageQueue: pulsar, kafka, rocksmq, natsmq or woodpecker")
                .flatMap(v -> v.asEnum(MessageQueue.class));
        Optional<String> rootPath = t.get("etcdRootPath").flatMap(v -> checked(v, Names::etcdRootPath, "write the etcd root path, e.g. by-dev"));
        boolean canary = t.get("canary").flatMap(YamlValue::asBoolean).orElse(false);
        Optional<String> smokeTestCollection = t.get("smokeTestCollection")
                .flatMap(v -> checked(v, Names::collection, "name a collection the smoke test may read, e.g. smokeTestCollection: upgrade_canary"));
        if (mq.isPresent() && mode.isPresent() && version.isPresent()) {
            // The catalog's one shape check, the same that path and the planner refuse with.
            catalog.shapeProblem(version.get(), mode.get(), mq.get()).ifPresent(why -> t.get("messageQueue").orElseThrow().report(why,
                    "write the message queue the deployment runs (" + catalog.queues().stream()
                            .filter(q -> q.problem(version.get(), mode.get()).isEmpty()).map(q -> q.queue().id())
                            .collect(Collectors.joining(", ")) + " run with Milvus " + version.get() + " " + mode.get() + ")"
                            + ", or the mode or version it runs"));
        }
        Optional<Location> location = method.flatMap(m -> location(t, m));
        if (name.isEmpty() || method.isEmpty() || mode.isEmpty() || mq.isEmpty() || location.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Target(name.get(), method.get(), mode.get(), mq.get(), rootPath.orElse(defaultRootPath(location.get())), canary,
                location.get(), smokeTestCollection));
    }

    /**
     * Where Milvus keeps its metadata unless the fleet says: {@code by-dev} (Milvus's and the Helm chart's default), and
     * for a Milvus the operator runs the resource's name (the operator's milvus.yaml template writes
     * {@code rootPath: {{ .Name }}}: zilliztech/milvus-operator:config/assets/templates/milvus.yaml.tmpl@31b2ec588d19).
     */
    static String defaultRootPath(Location location) {
        return switch (location) {
            case Location.MilvusResource m -> m.name();
            case Location.HelmRelease h -> "by-dev";
            case Location.ComposeProject c -> "by-dev";
        };
    }

    private Optional<Location> location(YamlMap t, DeployMethod method) {
        String wrong = method == DeployMethod.COMPOSE ? "kubernetes" : "compose";
        String right = method == DeployMethod.COMPOSE ? "compose" : "kubernetes";
        t.get(wrong).ifPresent(v -> t.keyAt(wrong).report((method == DeployMethod.OPERATOR ? "an " : "a ") + method + " target has no '" + wrong + "' block",
                "remove '" + wrong + "', or set method to match it"));
        Optional<YamlMap> block = t.required(right, "add a '" + right + ":' block for " + (method == DeployMethod.OPERATOR ? "an " : "a ") + method + " target").flatMap(YamlValue::asMap);
        if (block.isEmpty()) return Optional.empty();
        YamlMap b = block.get();
        return switch (method) {
            case HELM -> {
                b.allowOnly(List.of("context", "namespace", "release"));
                b.get("milvus").ifPresent(v -> v.report("'milvus' names an operator resource", "write release: <helm release>"));
                Optional<String> ctx = b.required("context", "write the kubeconfig context").flatMap(v -> checked(v, Names::kubeContext, "write a context of the kubeconfig"));
                String ns = b.get("namespace").flatMap(this::dnsLabel).orElse("default");
                Optional<String> release = b.required("release", "write the Helm release name (helm list)")
                        .flatMap(v -> checked(v, Names::helmRelease, "write the Helm release name (helm list)"));
                yield ctx.isPresent() && release.isPresent() ? Optional.of(new HelmRelease(ctx.get(), ns, release.get())) : Optional.empty();
            }
            case OPERATOR -> {
                b.allowOnly(List.of("context", "namespace", "milvus"));
                Optional<String> ctx = b.required("context", "write the kubeconfig context").flatMap(v -> checked(v, Names::kubeContext, "write a context of the kubeconfig"));
                String ns = b.get("namespace").flatMap(this::dnsLabel).orElse("default");
                Optional<String> cr = b.required("milvus", "write the Milvus resource's name (kubectl get milvus)").flatMap(this::dnsLabel);
                yield ctx.isPresent() && cr.isPresent() ? Optional.of(new MilvusResource(ctx.get(), ns, cr.get())) : Optional.empty();
            }
            case COMPOSE -> {
                b.allowOnly(List.of("dockerHost", "project", "composeFile"));
                Optional<String> host = b.required("dockerHost", "write unix:///var/run/docker.sock or tcp://host:2376")
                        .flatMap(v -> checked(v, Names::dockerHost, "write unix:///var/run/docker.sock or tcp://host:2376"));
                Optional<String> project = b.required("project", "write the Compose project name")
                        .flatMap(v -> checked(v, Names::composeProject, "write the project name as docker compose ls shows it"));
                Optional<String> composeFile = b.get("composeFile")
                        .flatMap(v -> checked(v, Names::composeFile, "write the Compose file's absolute path on the host, e.g. /opt/milvus/docker-compose.yml"));
                yield host.isPresent() && project.isPresent()
                        ? Optional.of(new ComposeProject(host.get(), project.get(), composeFile)) : Optional.empty();
            }
        };
    }

    /** A text value that passes {@code check} (see {@link Names}), or empty after reporting why not. */
    private static Optional<String> checked(YamlValue v, Function<String, Optional<String>> check, String fix) {
        return v.asName(fix).flatMap(s -> {
            Optional<String> wrong = check.apply(s);
            wrong.ifPresent(why -> v.report(why, fix));
            return wrong.isEmpty() ? Optional.of(s) : Optional.empty();
        });
    }

    private void checkTargets(YamlMap env, List<Target> targets, Map<Target, YamlValue> positions) {
        Map<String, YamlValue> names = new HashMap<>();
        for (Target t : targets) {
            YamlValue first = names.putIfAbsent(t.name(), positions.get(t));
            if (first != null) {
                positions.get(t).report("duplicate target name '" + t.name() + "' (first at line " + first.line() + ")",
                        "give every target its own name");
            }
        }
        long canaries = targets.stream().filter(Target::canary).count();
        if (canaries > 1) {
            env.get("targets").orElseThrow().report(canaries + " targets are marked canary", "mark at most one target canary: true");
        }
        Map<String, String> seenLocations = new HashMap<>();
        for (Target t : targets) {
            String before = seenLocations.putIfAbsent(t.location().describe(), t.name());
            if (before != null && !before.equals(t.name())) {
                positions.get(t).report("targets '" + before + "' and '" + t.name() + "' are the same deployment ("
                        + t.location().describe() + ")", "list each deployment once");
            }
        }
    }

    private Optional<Version> milvusVersion(YamlValue v) {
        return v.asString("write a Milvus release such as 2.5.16").flatMap(text -> {
            Optional<Version> parsed = Version.tryParse(text);
            if (parsed.isEmpty()) {
                v.report("'" + text + "' is not a Milvus version", text.matches("v?\\d+\\.\\d+")
                        ? "write all three numbers, e.g. " + text.replaceFirst("^v", "") + ".0 (" + text + " alone is not a version)"
                        : text.matches("v?\\d+\\.\\d+\\.\\d+.*") ? Version.fix(text)
                        : "write a release such as 2.5.16 (tags like 'latest' are not versions)");
                return Optional.empty();
            }
            if (catalog.release(parsed.get()).isEmpty()) {
                boolean newer = parsed.get().isAfter(catalog.newestGa().version());
                v.report("unknown Milvus version " + parsed.get() + (newer ? " (newer than every release the version catalog knows: "
                                + catalog.newestGa().version() + ")" : " (not in the version catalog)"),
                        "write a known release near it: " + catalog.nearest(parsed.get(), 4).stream().map(Version::toString)
                                .collect(Collectors.joining(", ")) + "; if " + parsed.get() + " was released, add it to the fleet's catalog"
                                + " additions (docs/fleet-format.md), or run a milvus-gitops that knows it");
                return Optional.empty();
            }
            return parsed;
        });
    }

    private Optional<String> dnsLabel(YamlValue v) {
        if (!v.isText() && !v.isNull()) {
            v.report("expected a name but found " + v.describe(), "write a name of lower-case letters, digits and '-'"
                    + " (put it in quotes if a number is meant as a name)");
            return Optional.empty();
        }
        return v.asName("write a name of lower-case letters, digits and '-'").flatMap(s -> {
            if (!DNS_LABEL.matcher(s).matches()) {
                v.report("'" + s + "' is not a valid name", "use lower-case letters, digits and '-' (at most 63), e.g. "
                        + s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-"));
                return Optional.empty();
            }
            return Optional.of(s);
        });
    }

    private String baseName() {
        String n = file.substring(file.lastIndexOf('/') + 1);
        return n.replaceFirst("\\.ya?ml$", "");
    }
}
