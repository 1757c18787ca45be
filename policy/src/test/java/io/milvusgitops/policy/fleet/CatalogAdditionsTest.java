package io.milvusgitops.policy.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.path.PathRequest;
import io.milvusgitops.policy.path.PathResult;
import io.milvusgitops.policy.path.UpgradePlanner;
import io.milvusgitops.policy.target.Coordinators;
import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.Layout;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.version.Version;
import io.milvusgitops.policy.yaml.Problem;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A fleet teaches the catalog a release newer than this build (docs/fleet-format.md, "Catalog additions"):
 * validated with the rest of the fleet, planned by the built-in rules, and refused, naming file, line, field
 * and fix, where those rules cannot place it.
 */
class CatalogAdditionsTest {

    private static final String ADDITIONS = """
            apiVersion: milvus-gitops.io/v1
            kind: CatalogAdditions
            releases:
              - {version: 2.6.23, kind: ga, date: 2026-08-20, evidence: "https://milvus.io/docs/release_notes.md#v2.6.23"}
            charts:
              - {chart: 5.0.24, app: 2.6.23, date: 2026-08-21, pulsarV3: true}
            """;

    private static FleetResult fleet(String desired, String additions) {
        Map<String, String> files = new HashMap<>();
        files.put("fleet.yaml", "apiVersion: milvus-gitops.io/v1\nkind: Fleet\nname: f\ncatalogAdditions: catalog-additions.yaml\n");
        files.put("policy.yaml", "");
        files.put("environments/dev.yaml", """
                apiVersion: milvus-gitops.io/v1
                kind: Environment
                name: dev
                milvusVersion: %s
                targets:
                  - name: search
                    method: helm
                    mode: cluster
                    messageQueue: pulsar
                    kubernetes: {context: k, namespace: dev, release: search}
                """.formatted(desired));
        if (additions != null) files.put("catalog-additions.yaml", additions);
        return FleetParser.parse(new FleetFiles(files), VersionCatalog.builtIn());
    }

    @Test
    void aFleetPlansANewReleaseWithTheBuiltInRules() {
        FleetResult r = fleet("2.6.23", ADDITIONS);
        assertThat(r).isInstanceOf(FleetResult.Valid.class);
        VersionCatalog inForce = ((FleetResult.Valid) r).fleet().catalog();
        assertThat(inForce.identity().toString()).matches("built-in [0-9a-f]{12} \\+ fleet catalog-additions.yaml [0-9a-f]{12}");
        assertThat(inForce.release(Version.parse("2.6.23"))).hasValueSatisfying(rel -> assertThat(rel.evidence()).contains("v2.6.23"));
        assertThat(VersionCatalog.builtIn().release(Version.parse("2.6.23"))).as("the built-in catalog is untouched").isEmpty();
        PathResult path = new UpgradePlanner(inForce).plan(PathRequest.of(Version.parse("2.6.22"), Version.parse("2.6.23"), DeployMethod.HELM,
                DeployMode.CLUSTER, MessageQueue.PULSAR).withLayout(Layout.UNKNOWN.withCoordinators(Coordinators.MIXCOORD)));
        assertThat(path).isInstanceOfSatisfying(PathResult.Found.class, f -> {
            assertThat(f.path().hops()).singleElement().satisfies(h -> {
                assertThat(h.rule()).isEqualTo("rolling-within-2.6");
                assertThat(h.chart().orElseThrow().chartVersion()).isEqualTo(Version.parse("5.0.24"));
            });
        });
    }

    @Test
    void withoutTheAdditionsTheNewReleaseIsUnknownAndTheErrorSaysWhereToAddIt() {
        FleetResult r = fleet("2.6.23", null);
        assertThat(r).isInstanceOfSatisfying(FleetResult.Invalid.class, inv -> assertThat(inv.problems()).extracting(Problem::describe)
                .anySatisfy(p -> assertThat(p).startsWith("fleet.yaml:4:").contains("catalogAdditions")
                        .contains("'catalog-additions.yaml' does not exist")));
    }

    @Test
    void aReleaseTheRulesCannotPlaceIsAnErrorNamingTheRow() {
        String newLine = ADDITIONS.replace("2.6.23", "2.7.0").replace("5.0.24", "5.1.0");
        FleetResult r = fleet("2.6.22", newLine);
        assertThat(r).isInstanceOfSatisfying(FleetResult.Invalid.class, inv -> assertThat(inv.problems()).extracting(Problem::describe)
                .anySatisfy(p -> assertThat(p).startsWith("catalog-additions.yaml:4:").contains("releases[0]")
                        .contains("no release line of this catalog holds 2.7.0").contains("Fix: remove it, or run a milvus-gitops")));
    }

    @Test
    void aReleaseTheBuildKnowsOrABadRowIsRefused() {
        String known = ADDITIONS.replace("2.6.23", "2.6.22");
        assertThat(fleet("2.6.22", known)).isInstanceOfSatisfying(FleetResult.Invalid.class, inv -> assertThat(inv.problems())
                .extracting(Problem::describe).anySatisfy(p -> assertThat(p).contains("release 2.6.22 is already in the catalog")));
        String noEvidence = ADDITIONS.replace(", evidence: \"https://milvus.io/docs/release_notes.md#v2.6.23\"", "");
        assertThat(fleet("2.6.22", noEvidence)).isInstanceOfSatisfying(FleetResult.Invalid.class, inv -> assertThat(inv.problems())
                .extracting(Problem::describe).anySatisfy(p -> assertThat(p).contains("required field 'evidence' is missing")));
        String leadingZero = ADDITIONS.replace("version: 2.6.23", "version: 2.06.23");
        assertThat(fleet("2.6.22", leadingZero)).isInstanceOfSatisfying(FleetResult.Invalid.class, inv -> assertThat(inv.problems())
                .extracting(Problem::describe).anySatisfy(p -> assertThat(p).contains("leading zero").contains("write 2.6.23")));
        String wrongKind = ADDITIONS.replace("kind: CatalogAdditions", "kind: Catalog");
        assertThat(fleet("2.6.22", wrongKind)).isInstanceOf(FleetResult.Invalid.class);
    }

    /** The one shape check: validate refuses what path refuses (issue 18: --mode cluster --mq rocksmq). */
    @Test
    void validateRefusesAQueueThatCannotRunThere() {
        Map<String, String> files = new HashMap<>();
        files.put("fleet.yaml", "apiVersion: milvus-gitops.io/v1\nkind: Fleet\nname: f\n");
        files.put("policy.yaml", "");
        files.put("environments/dev.yaml", """
                apiVersion: milvus-gitops.io/v1
                kind: Environment
                name: dev
                milvusVersion: 2.6.22
                targets:
                  - name: search
                    method: helm
                    mode: standalone
                    messageQueue: natsmq
                    kubernetes: {context: k, namespace: dev, release: search}
                """);
        FleetResult r = FleetParser.parse(new FleetFiles(files), VersionCatalog.builtIn());
        assertThat(r).isInstanceOfSatisfying(FleetResult.Invalid.class, inv -> assertThat(inv.problems()).extracting(Problem::describe)
                .singleElement().satisfies(p -> assertThat(p).contains("targets[0].messageQueue").contains("NATS is gone from 2.6")
                        .contains("Fix: write the message queue the deployment runs (rocksmq, pulsar, kafka, woodpecker run with Milvus 2.6.22")));
    }
}
