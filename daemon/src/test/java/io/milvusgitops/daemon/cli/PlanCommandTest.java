package io.milvusgitops.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanCommandTest {

    static final Path EXAMPLE = ValidateCommandTest.EXAMPLE;
    static final Path LIVE = Path.of("../examples/live-snapshot.yaml");
    static final String AT = "2026-11-24T10:00:00Z";

    @Test
    void theExampleShowsAllowedWaitingAndDeniedPlansAndExitsFour() {
        Cli r = Cli.run("plan", "--repo", EXAMPLE.toString(), "--live", LIVE.toString(), "--at", AT);
        assertThat(r.exit()).as(r.err()).isEqualTo(PlanCommand.DRIFT_BLOCKED);
        assertThat(r.out()).containsPattern("dev +search-dev +2\\.6\\.15 +2\\.6\\.1 +yes +ALLOW +rolling 2\\.6\\.1->2\\.6\\.15")
                .containsPattern("staging +search-staging +2\\.6\\.15 +2\\.5\\.16 +yes +WAIT +maintenance-window: closed for the topology-change hop")
                // upgrade_milvus_cluster-operator.md v2.6.x: a cluster not seen to run MixCoord enables it first, in a hop of its own.
                .containsPattern("staging +recsys-staging +2\\.6\\.15 +2\\.5\\.16 +yes +WAIT +maintenance-window: closed for the enable-mixcoord hop")
                .containsPattern("prod +recsys-prod +2\\.5\\.16 +2\\.5\\.17 +yes +DENY +no-downgrade: Git asks for 2\\.5\\.16 but 2\\.5\\.17 runs")
                .contains("promotion-gate: dev does not run 2.6.15 healthy yet")
                // The values each Helm hop will set, for the person who approves it.
                .contains("       chart zilliztech/milvus 5.0.19 --reset-then-reuse-values --set image.all.tag=v2.6.15\n")
                .contains("the hop may start when the window opens at 2026-11-24 19:00 UTC")
                .contains("      until 2026-11-24 19:00 UTC (in 9 h)")
                .as("times for people: no ISO instant in the text").doesNotContain("T19:00:00Z").startsWith("Plan at 2026-11-24 10:00 UTC,");
    }

    @Test
    void jsonCarriesEveryVerdictWithItsObjections() throws IOException {
        Cli r = Cli.run("plan", "--repo", EXAMPLE.toString(), "--live", LIVE.toString(), "--at", AT, "-o", "json");
        JsonNode n = new ObjectMapper().readTree(r.out());
        Map<String, JsonNode> byTarget = new HashMap<>();
        n.get("targets").forEach(t -> byTarget.put(t.get("target").asText(), t));
        assertThat(byTarget.get("search-dev").at("/verdict/type").asText()).isEqualTo("allow");
        assertThat(byTarget.get("search-dev").at("/path/hops/0/kind").asText()).isEqualTo("rolling");
        assertThat(byTarget.get("search-staging").at("/verdict/type").asText()).isEqualTo("wait");
        assertThat(byTarget.get("recsys-prod").at("/verdict/type").asText()).isEqualTo("deny");
        assertThat(byTarget.get("recsys-prod").at("/refusal/code").asText()).isEqualTo("downgrade");
        assertThat(byTarget.get("recsys-prod").at("/verdict/objections/0/rule").asText()).isEqualTo("no-downgrade");
        assertThat(n.at("/summary/drifting").asInt()).isEqualTo(6);
        assertThat(n.at("/summary/allowed").asInt()).isEqualTo(1);
    }

    @Test
    void exitsZeroWithoutDriftAndTwoWhenEveryPlanIsAllowed(@TempDir Path tmp) throws IOException {
        Path inSync = tmp.resolve("live.yaml");
        Files.writeString(inSync, Files.readString(LIVE).replace("version: 2.6.1", "version: 2.6.15")
                .replace("version: 2.5.16", "version: 2.6.15").replace("version: 2.5.12", "version: 2.5.16")
                .replace("version: 2.5.17", "version: 2.5.16").replace("version: 2.4.5", "version: 2.5.16"));
        Cli none = Cli.run("plan", "--repo", EXAMPLE.toString(), "--live", inSync.toString(), "--at", AT);
        assertThat(none.exit()).as(none.out() + none.err()).isZero();
        assertThat(none.out()).contains("in sync");

        Cli devOnly = Cli.run("plan", "--repo", EXAMPLE.toString(), "--live", LIVE.toString(), "--at", AT, "--env", "dev");
        assertThat(devOnly.exit()).isEqualTo(PlanCommand.DRIFT_ALLOWED);
        assertThat(devOnly.out()).contains("search-dev").doesNotContain("search-prod");
    }

    @Test
    void approvedByTrailersOfTheHeadCommitCount(@TempDir Path tmp) throws Exception {
        ValidateCommandTest.copy(EXAMPLE, tmp);
        try (Git git = Git.init().setDirectory(tmp.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit().setAuthor(new PersonIdent("Carol", "carol@example.com")).setCommitter(new PersonIdent("Carol", "carol@example.com"))
                    .setSign(false).setMessage("prod: Milvus 2.5.16\n\nApproved-by: Alice Example <alice@example.com>\n").call();
        }
        Cli r = Cli.run("plan", "--repo", tmp.toString(), "--live", LIVE.toString(), "--at", AT, "--env", "prod");
        assertThat(r.out()).containsPattern("prod +search-prod +2\\.5\\.16 +2\\.5\\.12 +yes +ALLOW");
        assertThat(r.out()).doesNotContain("carries 0 of 1");
    }

    @Test
    void badInputIsAClearErrorWithExitOne(@TempDir Path tmp) throws IOException {
        Path bad = tmp.resolve("live.yaml");
        Files.writeString(bad, "apiVersion: milvus-gitops.io/v1\nkind: LiveSnapshot\nenvironments:\n  dev:\n    search-dev: {version: 2.6, health: Fine, since: yesterday}\n");
        Cli r = Cli.run("plan", "--repo", EXAMPLE.toString(), "--live", bad.toString(), "--at", AT);
        assertThat(r.exit()).isEqualTo(ExitCode.ERROR);
        assertThat(r.err()).contains("is not a valid live snapshot").contains("live.yaml:5:").contains("'2.6' is not a version")
                .contains("unknown value 'Fine'").contains("'yesterday' is not a date-time");

        Cli missing = Cli.run("plan", "--repo", EXAMPLE.toString(), "--live", tmp.resolve("nope.yaml").toString());
        assertThat(missing.exit()).isEqualTo(ExitCode.ERROR);
        assertThat(missing.err()).contains("nope.yaml: does not exist").contains("docs/live-snapshot.md");

        Cli env = Cli.run("plan", "--repo", EXAMPLE.toString(), "--live", LIVE.toString(), "--env", "qa");
        assertThat(env.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(env.err()).contains("--env qa: no such environment").contains("dev, staging, prod");

        Cli at = Cli.run("plan", "--repo", EXAMPLE.toString(), "--live", LIVE.toString(), "--at", "tomorrow");
        assertThat(at.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(at.err()).contains("'tomorrow' is not a date-time");
    }

    @Test
    void anInvalidPolicyMakesTheFleetInvalid(@TempDir Path tmp) throws IOException {
        ValidateCommandTest.copy(EXAMPLE, tmp);
        Path policy = tmp.resolve("policy.yaml");
        Files.writeString(policy, Files.readString(policy).replace("expression: \"!history", "expression: \"!!history.("));
        Cli r = Cli.run("plan", "--repo", tmp.toString(), "--live", LIVE.toString(), "--at", AT);
        assertThat(r.exit()).isEqualTo(ExitCode.ERROR);
        assertThat(r.err()).contains("policy.yaml:").contains("the CEL expression does not compile");
    }
}
