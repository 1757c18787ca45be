package io.milvusgitops.policy.fleet;

import io.milvusgitops.policy.catalog.CatalogAdditions;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.rules.Policy;
import io.milvusgitops.policy.rules.PolicyParser;
import io.milvusgitops.policy.yaml.Problem;
import io.milvusgitops.policy.yaml.Problems;
import io.milvusgitops.policy.yaml.YamlHeader;
import io.milvusgitops.policy.yaml.YamlLimits;
import io.milvusgitops.policy.yaml.YamlLoader;
import io.milvusgitops.policy.yaml.YamlMap;
import io.milvusgitops.policy.yaml.YamlValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses and validates a fleet repository (format: docs/fleet-format.md). It reports every problem
 * of every file in one run and never throws on bad input: the result is either a whole valid
 * {@link Fleet} or the list of problems.
 */
public final class FleetParser {

    public static final String API_VERSION = YamlHeader.API_VERSION;
    public static final String FLEET_FILE = "fleet.yaml";
    static final int MAX_ENVIRONMENTS = 5_000;

    private final FleetFiles files;
    private final VersionCatalog catalog;
    private final Problems problems = new Problems();
    /** The fleet's catalog additions file, when fleet.yaml names one: never read as an environment. */
    private Optional<String> additionsFile = Optional.empty();
    /** Names of every environment file, valid or not, so that a broken upstream is not also reported as missing. */
    private final Set<String> declaredNames = new HashSet<>();

    private FleetParser(FleetFiles files, VersionCatalog catalog) {
        this.files = files;
        this.catalog = catalog;
    }

    public static FleetResult parse(FleetFiles files, VersionCatalog catalog) {
        return new FleetParser(files, catalog).parse();
    }

    private FleetResult parse() {
        String fleetText = files.files().get(FLEET_FILE);
        if (fleetText == null && files.unreadable().stream().anyMatch(p -> p.file().equals(FLEET_FILE))) {
            reportUnreadable("", FLEET_FILE);
            return new FleetResult.Invalid(problems.sorted());
        }
        if (fleetText == null) {
            problems.add(Problem.atFile(FLEET_FILE, "the repository has no fleet.yaml at its root",
                    "create fleet.yaml (see docs/fleet-format.md), or point at the directory that holds it"));
            return new FleetResult.Invalid(problems.sorted());
        }
        Optional<YamlMap> root = YamlLoader.load(FLEET_FILE, fleetText, YamlLimits.USER_FILE, problems)
                .flatMap(n -> YamlMap.root(FLEET_FILE, n, problems));
        String name = "";
        String envDir = "environments";
        String policyFile = "policy.yaml";
        VersionCatalog inForce = catalog;
        if (root.isPresent()) {
            YamlMap m = root.get();
            m.allowOnly(List.of("apiVersion", "kind", "name", "environmentsDir", "policy", "catalogAdditions"));
            YamlHeader.check(m, "Fleet");
            name = m.required("name", "write name: <a name for the fleet>").flatMap(v -> v.asName("write a name")).orElse("");
            envDir = m.get("environmentsDir").flatMap(v -> relativePath(v)).orElse(envDir);
            policyFile = m.get("policy").flatMap(v -> relativePath(v)).orElse(policyFile);
            if (!files.files().containsKey(policyFile)) {
                YamlValue at = m.get("policy").orElse(m.self());
                problems.add(new Problem(FLEET_FILE, at.line(), at.column(), "policy",
                        "the policy file '" + policyFile + "' does not exist",
                        "create " + policyFile + " (it may be empty), or correct 'policy'"));
            }
            additionsFile = m.get("catalogAdditions").flatMap(this::relativePath);
            inForce = m.get("catalogAdditions").flatMap(v -> additionsFile.flatMap(f -> additions(v, f))).orElse(catalog);
        }
        reportUnreadable(envDir, policyFile);
        List<EnvironmentReader.Parsed> parsed = readEnvironments(envDir, inForce);
        List<Environment> environments = parsed.stream().map(EnvironmentReader.Parsed::environment).toList();
        checkUniqueNames(parsed);
        PromotionOrder.check(parsed, declaredNames);
        Optional<Policy> policy = files.files().containsKey(policyFile)
                ? PolicyParser.parse(policyFile, files.files().get(policyFile), declaredNames, problems) : Optional.empty();
        if (!problems.isEmpty() || policy.isEmpty()) {
            return new FleetResult.Invalid(problems.sorted());
        }
        return new FleetResult.Valid(new Fleet(name, policyFile, environments, policy.get(), inForce));
    }

    /**
     * The built-in catalog with the fleet's own releases and charts (docs/fleet-format.md, "Catalog additions");
     * empty, with the problems reported, when the file is missing or wrong.
     */
    private Optional<VersionCatalog> additions(YamlValue at, String file) {
        String text = files.files().get(file);
        if (text == null) {
            if (files.unreadable().stream().noneMatch(p -> p.file().equals(file))) {
                problems.add(new Problem(FLEET_FILE, at.line(), at.column(), "catalogAdditions", "the catalog additions file '" + file
                        + "' does not exist", "create " + file + " (see docs/fleet-format.md), or remove 'catalogAdditions'"));
            } else {
                files.unreadable().stream().filter(p -> p.file().equals(file)).forEach(problems::add);
            }
            return Optional.empty();
        }
        return CatalogAdditions.apply(file, text, catalog, problems);
    }

    /** Files the reader refused count only when the fleet needs them: an unrelated YAML file elsewhere in the repository does not. */
    private void reportUnreadable(String envDir, String policyFile) {
        String prefix = envDir.isEmpty() || envDir.equals(".") ? "" : envDir + "/";
        for (Problem p : files.unreadable()) {
            String f = p.file();
            boolean environment = f.startsWith(prefix) && f.indexOf('/', prefix.length()) < 0;
            if (f.equals(FLEET_FILE) || f.equals(policyFile) || environment || f.equals(FleetFiles.WHOLE_REPOSITORY)) {
                problems.add(p);
            }
        }
    }

    private List<EnvironmentReader.Parsed> readEnvironments(String dir, VersionCatalog inForce) {
        String prefix = dir.isEmpty() || dir.equals(".") ? "" : dir + "/";
        List<String> envFiles = files.files().keySet().stream()
                .filter(p -> p.startsWith(prefix) && p.indexOf('/', prefix.length()) < 0)
                .filter(p -> p.endsWith(".yaml") || p.endsWith(".yml"))
                .filter(p -> !p.equals(FLEET_FILE) && !additionsFile.equals(Optional.of(p)))
                .sorted().toList();
        if (envFiles.isEmpty()) {
            problems.add(Problem.atFile(FLEET_FILE, "no environment files found in '" + dir + "/'",
                    "add one file per environment, e.g. " + prefix + "dev.yaml, or correct environmentsDir"));
            return List.of();
        }
        if (envFiles.size() > MAX_ENVIRONMENTS) {
            problems.add(Problem.atFile(dir, envFiles.size() + " environment files, more than the limit of " + MAX_ENVIRONMENTS,
                    "split the fleet into several repositories"));
            return List.of();
        }
        List<EnvironmentReader.Parsed> out = new ArrayList<>();
        for (String f : envFiles) {
            EnvironmentReader reader = new EnvironmentReader(f, inForce, problems);
            reader.read(files.files().get(f)).ifPresent(out::add);
            declaredNames.add(reader.declaredName());
        }
        return out;
    }

    private void checkUniqueNames(List<EnvironmentReader.Parsed> environments) {
        Map<String, Environment> seen = new HashMap<>();
        for (EnvironmentReader.Parsed p : environments) {
            Environment e = p.environment();
            Environment first = seen.putIfAbsent(e.name(), e);
            if (first != null) {
                p.nameAt().report("duplicate environment name '" + e.name() + "' (also in " + first.file() + ")",
                        "give every environment its own name");
            }
        }
    }

    private Optional<String> relativePath(YamlValue v) {
        return v.asName("write a path relative to fleet.yaml").flatMap(p -> {
            String clean = p.startsWith("./") ? p.substring(2) : p;
            if (clean.endsWith("/")) clean = clean.substring(0, clean.length() - 1);
            if (clean.startsWith("/") || clean.contains("..") || clean.contains("\\")) {
                v.report("'" + p + "' leaves the repository", "write a path inside the repository, relative to fleet.yaml");
                return Optional.empty();
            }
            return Optional.of(clean);
        });
    }
}
