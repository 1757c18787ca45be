package io.milvusgitops.daemon.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.daemon.fleet.DirectoryFleetReader;
import io.milvusgitops.daemon.testing.FleetRepo;
import io.milvusgitops.daemon.testing.GitServer;
import io.milvusgitops.daemon.testing.Tools;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.Fleet;
import io.milvusgitops.policy.fleet.FleetParser;
import io.milvusgitops.policy.fleet.FleetResult;
import io.milvusgitops.policy.version.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Git source against real repositories and real servers (file://, git daemon, smart HTTP). */
class GitSourceTest {

    static final Path EXAMPLE = Path.of("../examples/fleet");

    @TempDir
    Path tmp;
    Path base;
    FleetRepo repo;

    @BeforeEach
    void repo() throws Exception {
        base = Files.createDirectories(tmp.resolve("repos"));
        repo = FleetRepo.create(base, "fleet.git", EXAMPLE);
    }

    GitSource source(String url) throws Exception {
        return source(GitSourceSettings.of(url, "main", tmp.resolve("cache")));
    }

    GitSource source(GitSourceSettings settings) throws Exception {
        return new GitSource(settings.withTimeout(Duration.ofSeconds(5)), VersionCatalog.builtIn(), Clock.systemUTC());
    }

    String devVersion(String version) throws Exception {
        return repo.read("environments/dev.yaml").replaceFirst("milvusVersion: \\S+", "milvusVersion: " + version);
    }

    @Test
    void readsTheDesiredStateOverFile() throws Exception {
        String head = repo.head();
        try (GitSource s = source(repo.fileUrl())) {
            assertThat(s.poll()).isInstanceOfSatisfying(PollOutcome.Applied.class, a -> {
                assertThat(a.state().commit()).isEqualTo(head);
                assertThat(a.state().fleet().environment("prod").orElseThrow().milvusVersion()).isEqualTo(Version.parse("2.5.16"));
            });
            assertThat(s.status().desiredStateValid()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(GitServer.Kind.class)
    void readsTheDesiredStateOverARealServerAndAnIdlePollFetchesNothing(GitServer.Kind kind) throws Exception {
        try (GitServer server = GitServer.start(kind, base); GitSource s = source(server.url("fleet.git"))) {
            assertThat(s.poll()).isInstanceOf(PollOutcome.Applied.class);
            assertThat(s.status().fetches()).isEqualTo(1);
            for (int i = 0; i < 3; i++) {
                assertThat(s.poll()).isInstanceOf(PollOutcome.Unchanged.class);
            }
            assertThat(s.status().fetches()).as("idle polls transfer no objects").isEqualTo(1);

            String next = repo.commit("dev: Milvus 2.6.14", Map.of("environments/dev.yaml", devVersion("2.6.14")));
            assertThat(s.poll()).isInstanceOfSatisfying(PollOutcome.Applied.class, a -> {
                assertThat(a.state().commit()).isEqualTo(next);
                assertThat(a.state().fleet().environment("dev").orElseThrow().milvusVersion()).isEqualTo(Version.parse("2.6.14"));
                assertThat(a.rewritten()).isFalse();
            });
            assertThat(s.status().fetches()).isEqualTo(2);
        }
    }

    @Test
    void anInvalidCommitNeverReplacesTheLastGoodStateAndIsReportedUntilAValidOneComes() throws Exception {
        try (GitSource s = source(repo.fileUrl())) {
            String good = ((PollOutcome.Applied) s.poll()).state().commit();
            String bad = repo.commit("typo", Map.of("environments/dev.yaml", devVersion("2.6.99")));
            assertThat(s.poll()).isInstanceOfSatisfying(PollOutcome.Rejected.class, r -> {
                assertThat(r.rejection()).isInstanceOf(Rejection.Invalid.class);
                assertThat(r.rejection().commit()).isEqualTo(bad);
                assertThat(r.rejection().describe()).contains("environments/dev.yaml:6:16").contains("unknown Milvus version 2.6.99");
            });
            assertThat(s.desired().orElseThrow().commit()).isEqualTo(good);
            assertThat(s.status().desiredStateValid()).isFalse();
            assertThat(s.status().rejected()).isPresent();
            assertThat(s.poll()).as("a rejected head is not judged again").isInstanceOf(PollOutcome.Unchanged.class);

            String fixed = repo.commit("fix", Map.of("environments/dev.yaml", devVersion("2.6.14")));
            assertThat(s.poll()).isInstanceOf(PollOutcome.Applied.class);
            assertThat(s.desired().orElseThrow().commit()).isEqualTo(fixed);
            assertThat(s.status().desiredStateValid()).isTrue();
            assertThat(s.status().rejected()).isEmpty();
        }
    }

    @Test
    void eachEnvironmentNamesTheLastCommitThatChangedItsFile() throws Exception {
        String initial = repo.head();
        String staging = repo.commit("staging: Milvus 2.6.14", Map.of("environments/staging.yaml",
                repo.read("environments/staging.yaml").replaceFirst("milvusVersion: \\S+", "milvusVersion: 2.6.14")));
        String other = repo.commit("docs: a note in the policy", Map.of("policy.yaml", repo.read("policy.yaml") + "# a note\n"));
        try (GitSource s = source(repo.fileUrl())) {
            assertThat(s.poll()).isInstanceOfSatisfying(PollOutcome.Applied.class, a -> {
                assertThat(a.state().commit()).isEqualTo(other);
                Map<String, LastChange> changes = a.state().environmentChanges();
                assertThat(changes.get("staging").commit()).as("the commit that set staging, not the newest").isEqualTo(staging);
                assertThat(changes.get("staging").subject()).isEqualTo("staging: Milvus 2.6.14");
                assertThat(changes.get("staging").author()).isEqualTo("Alice");
                assertThat(changes.get("dev").commit()).isEqualTo(initial);
                assertThat(changes.get("prod").commit()).isEqualTo(initial);
            });
        }
        // The same from a checkout, where status on the command line reads it; also when the fleet lies under a sub-path.
        assertThat(EnvironmentChanges.ofCheckout(repo.work(), fleetOf(repo.work())).get("staging").commit()).isEqualTo(staging);
        assertThat(EnvironmentChanges.ofCheckout(tmp, fleetOf(repo.work()))).as("not in Git: nothing to say").isEmpty();
    }

    private static Fleet fleetOf(Path dir) throws Exception {
        return ((FleetResult.Valid) FleetParser.parse(DirectoryFleetReader.read(dir), VersionCatalog.builtIn())).fleet();
    }

    @Test
    void readsTheFleetFromASubPathWithoutACheckout() throws Exception {
        Map<String, String> moved = new HashMap<>();
        try (var files = Files.walk(repo.work(), 3)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".yaml") && !p.toString().contains("/.git/")).toList()) {
                String rel = repo.work().relativize(p).toString();
                moved.put("clusters/search/" + rel, Files.readString(p));
                moved.put(rel, null);
            }
        }
        repo.commit("move the fleet under clusters/search", moved);
        try (GitSource s = source(GitSourceSettings.of(repo.fileUrl(), "main", tmp.resolve("cache2")).withPath("/clusters/search/"))) {
            assertThat(s.poll()).isInstanceOfSatisfying(PollOutcome.Applied.class, a -> {
                assertThat(a.state().fleet().environments()).hasSize(3);
                assertThat(a.state().environmentChanges().get("prod").subject()).isEqualTo("move the fleet under clusters/search");
            });
        }
    }

    @Test
    void aForcePushIsDetectedAndAppliedOrRefused() throws Exception {
        String first = repo.head();
        String second = repo.commit("dev 2.6.14", Map.of("environments/dev.yaml", devVersion("2.6.14")));
        try (GitSource accepting = source(repo.fileUrl());
             GitSource refusing = source(GitSourceSettings.of(repo.fileUrl(), "main", tmp.resolve("cache-refuse")).withRefuseNonFastForward(true))) {
            accepting.poll();
            refusing.poll();
            String rewritten = repo.forcePushNewHistory(first, "dev 2.6.13 instead", Map.of("environments/dev.yaml", devVersion("2.6.13")));

            assertThat(accepting.poll()).isInstanceOfSatisfying(PollOutcome.Applied.class, a -> assertThat(a.rewritten()).isTrue());
            assertThat(accepting.status().historyRewrites()).isEqualTo(1);
            assertThat(accepting.desired().orElseThrow().commit()).isEqualTo(rewritten);

            assertThat(refusing.poll()).isInstanceOfSatisfying(PollOutcome.Rejected.class, r -> {
                assertThat(r.rejection()).isInstanceOf(Rejection.NonFastForward.class);
                assertThat(r.rejection().describe()).contains("history rewritten").contains(second.substring(0, 8));
            });
            assertThat(refusing.desired().orElseThrow().commit()).isEqualTo(second);
        }
    }

    @Test
    void aServerThatGoesAwayKeepsTheLastGoodStateAndBacksOffThenRecovers() throws Exception {
        try (GitServer server = GitServer.start(GitServer.Kind.GIT_DAEMON, base); GitSource s = source(server.url("fleet.git"))) {
            String good = ((PollOutcome.Applied) s.poll()).state().commit();
            server.stop();
            assertThat(s.poll()).isInstanceOf(PollOutcome.Unreachable.class);
            assertThat(s.poll()).isInstanceOf(PollOutcome.Unreachable.class);
            assertThat(s.status().consecutiveFailures()).isEqualTo(2);
            assertThat(s.status().lastError()).hasValueSatisfying(e -> assertThat(e).contains("127.0.0.1"));
            assertThat(s.desired().orElseThrow().commit()).isEqualTo(good);
            Backoff backoff = Backoff.forInterval(Duration.ofSeconds(30));
            assertThat(backoff.next(s.status().consecutiveFailures(), () -> 1.0)).isEqualTo(Duration.ofSeconds(2));

            String next = repo.commit("while it was down", Map.of("environments/dev.yaml", devVersion("2.6.14")));
            server.start();
            assertThat(s.poll()).isInstanceOfSatisfying(PollOutcome.Applied.class, a -> assertThat(a.state().commit()).isEqualTo(next));
            assertThat(s.status().consecutiveFailures()).isZero();
            assertThat(s.status().lastError()).isEmpty();
        }
    }

    @Test
    void aRestartStartsFromTheLastAppliedCommitEvenWithTheServerDown() throws Exception {
        String applied;
        try (GitServer server = GitServer.start(GitServer.Kind.GIT_DAEMON, base)) {
            GitSourceSettings settings = GitSourceSettings.of(server.url("fleet.git"), "main", tmp.resolve("cache-restart"));
            try (GitSource first = source(settings)) {
                applied = ((PollOutcome.Applied) first.poll()).state().commit();
            }
            server.stop();
            try (GitSource afterRestart = source(settings)) {
                assertThat(afterRestart.desired()).as("before any poll").hasValueSatisfying(d -> assertThat(d.commit()).isEqualTo(applied));
                assertThat(afterRestart.poll()).isInstanceOf(PollOutcome.Unreachable.class);
                assertThat(afterRestart.desired().orElseThrow().commit()).isEqualTo(applied);
            }
        }
    }

    @Test
    void aBranchResetToTheAppliedCommitClearsTheRefusal() throws Exception {
        try (GitSource s = source(repo.fileUrl())) {
            String good = ((PollOutcome.Applied) s.poll()).state().commit();
            repo.commit("typo", Map.of("environments/dev.yaml", devVersion("2.6.99")));
            assertThat(s.poll()).isInstanceOf(PollOutcome.Rejected.class);
            repo.setRemoteMain(good);
            assertThat(s.poll()).isInstanceOf(PollOutcome.Unchanged.class);
            assertThat(s.status().desiredStateValid()).isTrue();
        }
    }

    @Test
    void anUnrelatedYamlFileElsewhereInTheRepositoryDoesNotMatter() throws Exception {
        String ci = "# not a fleet file\n" + "x: " + "y".repeat(1_200_000) + "\n";
        repo.commit("add CI config", Map.of(".ci/pipeline.yaml", ci));
        try (GitSource s = source(repo.fileUrl())) {
            assertThat(s.poll()).isInstanceOf(PollOutcome.Applied.class);
        }
    }

    @Test
    void credentialsInTheUrlNeverAppearInErrorsOrStatus() throws Exception {
        int port = Tools.freePort();
        String url = "http://deploy-bot:s3cr3t-t0ken@127.0.0.1:" + port + "/fleet.git";
        try (GitSource s = source(url)) {
            PollOutcome o = s.poll();
            assertThat(o).isInstanceOfSatisfying(PollOutcome.Unreachable.class, u -> assertThat(u.error()).doesNotContain("s3cr3t").contains("***@127.0.0.1"));
            assertThat(s.status().toString()).doesNotContain("s3cr3t").doesNotContain("deploy-bot");
            assertThat(s.settings().toString()).doesNotContain("s3cr3t");
        }
    }

    @Test
    void httpsWithATokenAuthenticatesAndAWrongTokenIsAClearRedactedError() throws Exception {
        try (GitServer server = GitServer.smartHttpWithAuth(base, "deploy-bot", "t0ken-123")) {
            GitSourceSettings settings = GitSourceSettings.of(server.url("fleet.git"), "main", tmp.resolve("cache-auth"));
            try (GitSource good = source(settings.withCredentials(new Credentials.Token("deploy-bot", Secret.of("t0ken-123", "test"))))) {
                assertThat(good.poll()).isInstanceOf(PollOutcome.Applied.class);
            }
            try (GitSource bad = source(GitSourceSettings.of(server.url("fleet.git"), "main", tmp.resolve("cache-auth2"))
                    .withCredentials(new Credentials.Token("deploy-bot", Secret.of("wr0ng-t0ken", "test"))))) {
                assertThat(bad.poll()).isInstanceOfSatisfying(PollOutcome.Unreachable.class, u -> {
                    assertThat(u.error()).containsIgnoringCase("not authorized").doesNotContain("wr0ng-t0ken");
                });
            }
        }
    }

    @Test
    void followsTheHighestTagMatchingAPatternInsteadOfTheBranch() throws Exception {
        String v9 = repo.commit("dev 2.6.13", Map.of("environments/dev.yaml", devVersion("2.6.13")));
        repo.git().tag().setName("fleet-v9").setAnnotated(true).setMessage("release 9").setSigned(false).call();
        String v10 = repo.commit("dev 2.6.14", Map.of("environments/dev.yaml", devVersion("2.6.14")));
        repo.git().tag().setName("fleet-v10").setAnnotated(false).call();
        repo.commit("dev 2.6.12 on main only, not tagged", Map.of("environments/dev.yaml", devVersion("2.6.12")));
        repo.git().push().setRemote("origin").setPushTags().call();
        try (GitSource s = source(GitSourceSettings.of(repo.fileUrl(), "main", tmp.resolve("cache-tags")).withTagPattern("fleet-v*"))) {
            assertThat(s.poll()).isInstanceOfSatisfying(PollOutcome.Applied.class, a -> {
                assertThat(a.state().commit()).as("fleet-v10 sorts after fleet-v9").isEqualTo(v10);
                assertThat(a.state().fleet().environment("dev").orElseThrow().milvusVersion()).isEqualTo(Version.parse("2.6.14"));
            });
            assertThat(s.poll()).isInstanceOf(PollOutcome.Unchanged.class);
            repo.git().tag().setName("fleet-v11").setObjectId(repo.git().getRepository().parseCommit(
                    repo.git().getRepository().resolve(v9))).setAnnotated(true).setMessage("back to 9's state").setSigned(false).call();
            repo.git().push().setRemote("origin").setPushTags().call();
            assertThat(s.poll()).isInstanceOfSatisfying(PollOutcome.Applied.class, a -> {
                assertThat(a.state().commit()).as("an annotated tag is peeled to its commit").isEqualTo(v9);
                assertThat(a.rewritten()).as("v9 does not descend from v10").isTrue();
            });
        }
    }

    @Test
    void aMissingBranchIsAClearError() throws Exception {
        try (GitSource s = source(GitSourceSettings.of(repo.fileUrl(), "release", tmp.resolve("cache3")))) {
            assertThat(s.poll()).isInstanceOfSatisfying(PollOutcome.Unreachable.class,
                    u -> assertThat(u.error()).contains("branch release does not exist"));
        }
    }
}
