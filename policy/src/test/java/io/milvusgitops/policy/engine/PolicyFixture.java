package io.milvusgitops.policy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.Environment;
import io.milvusgitops.policy.fleet.Fleet;
import io.milvusgitops.policy.fleet.FleetFiles;
import io.milvusgitops.policy.fleet.FleetParser;
import io.milvusgitops.policy.fleet.FleetResult;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.live.Health;
import io.milvusgitops.policy.live.HistoryEntry;
import io.milvusgitops.policy.live.LiveFleet;
import io.milvusgitops.policy.live.LiveTarget;
import io.milvusgitops.policy.path.PathRequest;
import io.milvusgitops.policy.path.UpgradePlanner;
import io.milvusgitops.policy.target.Coordinators;
import io.milvusgitops.policy.target.Layout;
import io.milvusgitops.policy.target.PulsarVersion;
import io.milvusgitops.policy.verdict.Approval;
import io.milvusgitops.policy.verdict.DesiredCommit;
import io.milvusgitops.policy.verdict.PolicyContext;
import io.milvusgitops.policy.verdict.TargetCase;
import io.milvusgitops.policy.verdict.Verdict;
import io.milvusgitops.policy.version.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small fleet (dev -> staging -> prod) whose versions, targets and policy a test writes as
 * text, parsed by the real parsers, and a live state the test sets target by target.
 */
final class PolicyFixture {

    /** dev -> staging -> prod, in this order. */
    private final Map<String, String> versions = new LinkedHashMap<>();

    PolicyFixture() {
        versions.put("dev", "2.5.16");
        versions.put("staging", "2.5.16");
        versions.put("prod", "2.5.16");
    }
    private final Map<String, List<String>> extraTargets = new HashMap<>();
    private String policy = "";
    private final Map<String, Map<String, LiveTarget>> live = new HashMap<>();
    private DesiredCommit commit = new DesiredCommit("0123456789abcdef", List.of());

    PolicyFixture desired(String env, String version) {
        versions.put(env, version);
        return this;
    }

    /** Adds a target block (YAML list item, indented by two) to an environment; every env has one Helm cluster target "main". */
    PolicyFixture target(String env, String yamlItem) {
        extraTargets.computeIfAbsent(env, e -> new ArrayList<>()).add(yamlItem);
        return this;
    }

    PolicyFixture policy(String yaml) {
        this.policy = yaml;
        return this;
    }

    PolicyFixture live(String env, String target, String version, Health health, Instant since) {
        return live(env, target, version, health, since, false, List.of());
    }

    PolicyFixture live(String env, String target, String version, Health health, Instant since, boolean upgrading, List<HistoryEntry> history) {
        // Observed as a driver observes a 2.5 cluster installed by a recent chart: MixCoord and Pulsar v3 (so the
        // 2.6 path is the one topology-change hop these policy tests judge, with no enable-mixcoord hop before it).
        live.computeIfAbsent(env, e -> new HashMap<>()).put(target,
                new LiveTarget(env, target, Version.parse(version), health, since, upgrading, Optional.empty(), history, Optional.empty(),
                        Layout.UNKNOWN.withCoordinators(Coordinators.MIXCOORD).withPulsar(PulsarVersion.V3)));
        return this;
    }

    PolicyFixture commit(Approval... approvals) {
        this.commit = new DesiredCommit("0123456789abcdef", List.of(approvals));
        return this;
    }

    Fleet fleet() {
        Map<String, String> files = new HashMap<>();
        files.put("fleet.yaml", "apiVersion: milvus-gitops.io/v1\nkind: Fleet\nname: test\n");
        files.put("policy.yaml", policy.isBlank() ? "" : "apiVersion: milvus-gitops.io/v1\nkind: Policy\n" + policy);
        String upstream = null;
        for (String env : versions.keySet()) {
            StringBuilder sb = new StringBuilder("apiVersion: milvus-gitops.io/v1\nkind: Environment\nname: " + env
                    + "\nmilvusVersion: " + versions.get(env) + "\n");
            if (upstream != null) sb.append("promoteFrom: ").append(upstream).append('\n');
            sb.append("targets:\n  - name: main\n    method: helm\n    mode: cluster\n    messageQueue: pulsar\n")
                    .append("    kubernetes: {context: k, namespace: ").append(env).append(", release: main}\n");
            for (String t : extraTargets.getOrDefault(env, List.of())) sb.append(t).append('\n');
            files.put("environments/" + env + ".yaml", sb.toString());
            upstream = env;
        }
        FleetResult r = FleetParser.parse(new FleetFiles(files), VersionCatalog.builtIn());
        assertThat(r).as("fixture fleet: %s", r).isInstanceOf(FleetResult.Valid.class);
        return ((FleetResult.Valid) r).fleet();
    }

    /** The verdicts of an environment's drifting targets at {@code now}. */
    Map<String, Verdict> verdicts(String env, Instant now) {
        Fleet fleet = fleet();
        LiveFleet liveFleet = new LiveFleet(Optional.of(now), live);
        Environment e = fleet.environment(env).orElseThrow();
        UpgradePlanner planner = new UpgradePlanner(VersionCatalog.builtIn());
        List<TargetCase> drifting = new ArrayList<>();
        for (Target t : e.targets()) {
            Optional<LiveTarget> l = liveFleet.target(env, t.name());
            if (l.isPresent() && l.get().version().equals(e.milvusVersion())) continue;
            var path = planner.plan(PathRequest.of(l.map(LiveTarget::version).orElse(e.milvusVersion()), e.milvusVersion(),
                    t.method(), t.mode(), t.messageQueue()).withLayout(l.map(LiveTarget::layout).orElse(Layout.UNKNOWN)));
            drifting.add(new TargetCase(e, t, l, path));
        }
        return new PolicyEngine().evaluate(drifting, new PolicyContext(fleet, liveFleet, commit, now));
    }

    Verdict verdict(String env, Instant now) {
        return verdicts(env, now).get("main");
    }
}
