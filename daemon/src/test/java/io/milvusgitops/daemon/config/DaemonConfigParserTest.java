package io.milvusgitops.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.daemon.git.Credentials;
import io.milvusgitops.policy.yaml.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonConfigParserTest {

    @TempDir
    Path dir;

    @Test
    void aMinimalConfigTakesTheDocumentedDefaults() {
        DaemonConfig c = valid("git:\n  url: https://git.example.com/search/fleet.git\n");
        assertThat(c.git().branch()).isEqualTo("main");
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.address()).isEqualTo("0.0.0.0");
        assertThat(c.reconcileInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.stepTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.maxRetries()).isEqualTo(5);
        assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/milvus-gitops"));
        assertThat(c.git().credentials()).isInstanceOf(Credentials.None.class);
        assertThat(c.blockedAfter()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void readsEverySectionAndTheTokenFromItsFileNotFromTheConfig() throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, "s3cr3t-token\n");
        DaemonConfig c = valid("""
                git:
                  url: https://git.example.com/search/fleet.git
                  branch: release
                  pollInterval: 2m
                  token: {file: %s, username: bot}
                clusters:
                  prod-cluster: {etcd: [http://milvus-etcd.milvus:2379]}
                dataDir: %s
                http: {address: 127.0.0.1, port: 9090}
                reconcile: {interval: 15s, stepTimeout: 20m, maxRetries: 3}
                """.formatted(token, dir.resolve("data")));
        assertThat(c.git().branch()).isEqualTo("release");
        assertThat(c.git().pollInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.git().credentials()).isInstanceOfSatisfying(Credentials.Token.class, t -> {
            assertThat(t.username()).isEqualTo("bot");
            assertThat(t.toString()).doesNotContain("s3cr3t");
        });
        assertThat(c.etcdByContext()).containsEntry("prod-cluster", List.of("http://milvus-etcd.milvus:2379"));
        assertThat(c.port()).isEqualTo(9090);
        assertThat(c.reconcileInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.stepTimeout()).isEqualTo(Duration.ofMinutes(20));
        assertThat(c.maxRetries()).isEqualTo(3);
        assertThat(c.dataDir()).isEqualTo(dir.resolve("data"));
    }

    @Test
    void reportsEveryProblemWithItsKeyAndFixAtOnce() {
        List<Problem> problems = invalid("""
                git:
                  branch: main
                  token: {file: %s}
                http: {port: 99999}
                reconcile: {intervall: 10s}
                """.formatted(dir.resolve("missing-token")));
        List<String> text = problems.stream().map(Problem::describe).toList();
        assertThat(text).anySatisfy(t -> assertThat(t).contains("daemon.yaml").contains("git.url").contains("Fix:"));
        assertThat(text).anySatisfy(t -> assertThat(t).contains("missing-token"));
        assertThat(text).anySatisfy(t -> assertThat(t).contains("http.port"));
        assertThat(text).anySatisfy(t -> assertThat(t).contains("intervall").contains("interval"));
        assertThat(problems).hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void notificationURLsAreSecretsReadFromTheirFiles() throws Exception {
        Path url = dir.resolve("slack-url");
        Files.writeString(url, "https://hooks.slack.example/services/T0/B0/XXXX\n");
        DaemonConfig c = valid("git: {url: https://git.example.com/f.git}\nnotifications:\n  slack: {url: {file: %s}}\n".formatted(url));
        assertThat(c.notifications().slackUrl()).hasValueSatisfying(s -> {
            assertThat(s.reveal()).isEqualTo("https://hooks.slack.example/services/T0/B0/XXXX");
            assertThat(s.toString()).doesNotContain("XXXX");
        });
        assertThat(c.notifications().webhookUrl()).isEmpty();
        List<String> problems = invalid("git: {url: https://git.example.com/f.git}\nnotifications:\n  webhook: {key: {env: NOPE_NOT_SET_1}}\n")
                .stream().map(Problem::describe).toList();
        assertThat(problems).anySatisfy(t -> assertThat(t).contains("notifications.webhook.url"));
        assertThat(problems).anySatisfy(t -> assertThat(t).contains("NOPE_NOT_SET_1"));
    }

    @Test
    void blockedAfterIsADurationAndABadOneNamesTheKeyAndTheFix() {
        DaemonConfig c = valid("git: {url: https://git.example.com/f.git}\nnotifications: {blockedAfter: 3d12h}\n");
        assertThat(c.blockedAfter()).isEqualTo(Duration.ofHours(84));
        assertThat(c.notifications().webhookUrl()).isEmpty();
        for (String bad : List.of("soon", "0s", "-1h")) {
            List<String> problems = invalid("git: {url: https://git.example.com/f.git}\nnotifications: {blockedAfter: " + bad + "}\n")
                    .stream().map(Problem::describe).toList();
            assertThat(problems).as(bad).singleElement().satisfies(t -> assertThat(t).contains("notifications.blockedAfter")
                    .contains("'" + bad + "'").contains("Fix:"));
        }
    }

    @Test
    void leaderElectionOnALeaseNamesItsNamespace() {
        DaemonConfig c = valid("git: {url: https://git.example.com/f.git}\nleaderElection: {namespace: milvus-gitops, context: ops}\n");
        assertThat(c.leaderElection()).contains(new DaemonConfig.LeaderElection.Lease(Optional.of("ops"), "milvus-gitops", "milvus-gitops",
                Duration.ofSeconds(15)));
    }

    @Test
    void leaderElectionOnAnEtcdLockListsItsEndpoints() {
        DaemonConfig c = valid("git: {url: https://git.example.com/f.git}\n"
                + "leaderElection: {etcd: [http://etcd-1:2379, http://etcd-2:2379], name: search, leaseDuration: 10s}\n");
        assertThat(c.leaderElection()).contains(new DaemonConfig.LeaderElection.EtcdLock(List.of("http://etcd-1:2379", "http://etcd-2:2379"),
                "search", Duration.ofSeconds(10)));
    }

    @Test
    void leaderElectionNeedsExactlyOneOfNamespaceAndEtcd() {
        String both = "git: {url: https://git.example.com/f.git}\nleaderElection: {namespace: milvus-gitops, etcd: [http://etcd:2379]}\n";
        String neither = "git: {url: https://git.example.com/f.git}\nleaderElection: {name: milvus-gitops}\n";
        for (String yaml : List.of(both, neither)) {
            assertThat(invalid(yaml)).singleElement().extracting(Problem::describe).asString().contains("daemon.yaml:2:").contains("leaderElection: ")
                    .contains(yaml == both ? "both namespace" : "neither namespace nor etcd")
                    .contains("Fix: keep exactly one: namespace: NS for a Lease").contains("etcd: [http://etcd:2379] for a lock in etcd");
        }
        assertThat(invalid("git: {url: https://git.example.com/f.git}\nleaderElection: {etcd: [https://etcd:2379], context: ops}\n"))
                .extracting(Problem::describe)
                .anySatisfy(t -> assertThat(t).contains("leaderElection.etcd").contains("TLS to etcd is not supported yet"))
                .anySatisfy(t -> assertThat(t).contains("context belongs to a Kubernetes Lease").contains("Fix: remove context"));
        assertThat(invalid("git: {url: https://git.example.com/f.git}\nleaderElection: {etcd: []}\n")).extracting(Problem::describe)
                .singleElement().asString().contains("leaderElection.etcd: no endpoint");
    }

    @Test
    void malformedYamlNamesTheLine() {
        List<Problem> problems = invalid("git:\n  url: [unclosed\n");
        assertThat(problems).isNotEmpty();
        assertThat(problems.getFirst().describe()).contains("daemon.yaml:");
    }

    @Test
    void dockerHostsAndRecheckAreReadAndABadDockerHostNamesItsKey() {
        DaemonConfig c = valid("git: {url: https://git.example.com/f.git}\nreconcile: {recheck: 3s}\ndockerHosts:\n"
                + "  \"tcp://edge-1:2376\": {tlsCertPath: /etc/docker-certs, etcd: [http://edge-1:2379]}\n"
                + "  \"unix:///var/run/docker.sock\": {}\n");
        assertThat(c.recheck()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.dockerHosts()).containsEntry("tcp://edge-1:2376",
                new DaemonConfig.DockerHost(Optional.of(Path.of("/etc/docker-certs")), List.of("http://edge-1:2379")));
        assertThat(c.dockerHosts().get("unix:///var/run/docker.sock")).isEqualTo(DaemonConfig.DockerHost.DEFAULT);
        assertThat(valid("git: {url: https://git.example.com/f.git}\n").recheck()).isEqualTo(Duration.ofSeconds(10));

        assertThat(invalid("git: {url: https://git.example.com/f.git}\ndockerHosts:\n  \"ftp://edge\": {etcd: [http://e:2379]}\n"))
                .extracting(Problem::describe).singleElement().asString().contains("dockerHosts").contains("ftp://edge")
                .contains("unix:///").contains("tcp://HOST:PORT");
        assertThat(invalid("git: {url: https://git.example.com/f.git}\ndockerHosts:\n  \"unix:///var/run/docker.sock\": {certs: x}\n"))
                .extracting(Problem::describe).singleElement().asString().contains("certs");
    }

    @Test
    void repositoryUrlsAreCheckedAtLoadForTheSupportedSchemes() {
        for (String bad : List.of("ftp://git.example.com/fleet.git", "not a url at all", "https:///no-host.git", "gopher://x/y")) {
            assertThat(invalid("git: {url: \"" + bad + "\"}\n")).as(bad).anySatisfy(p -> {
                assertThat(p.field()).isEqualTo("git.url");
                assertThat(p.fix()).contains("https://").contains("user@host:path");
            });
        }
        for (String good : List.of("https://git.example.com/team/fleet.git", "http://git.local/fleet.git", "ssh://git@host:22/fleet.git",
                "git://host/fleet.git", "file:///srv/fleet.git", "git@github.com:team/fleet.git", "/srv/git/fleet.git", "./fleet")) {
            assertThat(valid("git: {url: \"" + good + "\"}\n").git().url()).isEqualTo(good);
        }
    }

    @Test
    void durationsAreBoundedAtLoadWithTheKeyInTheMessage() {
        List<Problem> problems = invalid("""
                git: {url: https://git.example.com/fleet.git, timeout: 99999999d, pollInterval: 999999999999d}
                reconcile: {stepTimeout: 365d, recheck: PT999999H, interval: 999999999999999999999d}
                leaderElection: {namespace: ns, leaseDuration: 9999999d}
                notifications: {blockedAfter: 99999d}
                """);
        assertThat(problems).extracting(Problem::field).contains("git.timeout", "git.pollInterval", "reconcile.stepTimeout", "reconcile.recheck",
                "reconcile.interval", "leaderElection.leaseDuration", "notifications.blockedAfter");
        assertThat(problems).filteredOn(p -> p.field().equals("git.timeout")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("more than the limit of 1h"));
        assertThat(problems).allSatisfy(p -> assertThat(p.message()).doesNotContain("overflow").doesNotContain("-3"));
    }

    @Test
    void anInlineSecretIsRefusedWithoutBeingRepeated() {
        List<Problem> problems = invalid("""
                git: {url: https://git.example.com/fleet.git, token: ghp_INLINE_GIT_TOKEN_123}
                webhooks: {github: inline-webhook-secret-456}
                notifications: {slack: {url: "https://hooks.slack.com/services/T0/B0/INLINESLACK789"}}
                """);
        assertThat(problems).extracting(Problem::field).contains("git.token", "webhooks.github", "notifications.slack.url");
        assertThat(problems).allSatisfy(p -> assertThat(p.describe()).doesNotContain("INLINE_GIT_TOKEN").doesNotContain("inline-webhook-secret")
                .doesNotContain("INLINESLACK"));
    }

    private DaemonConfig valid(String yaml) {
        var r = DaemonConfigParser.parse("daemon.yaml", yaml);
        assertThat(r).as("%s", r).isInstanceOf(DaemonConfigParser.Result.Valid.class);
        return ((DaemonConfigParser.Result.Valid) r).config();
    }

    private List<Problem> invalid(String yaml) {
        var r = DaemonConfigParser.parse("daemon.yaml", yaml);
        assertThat(r).isInstanceOf(DaemonConfigParser.Result.Invalid.class);
        return ((DaemonConfigParser.Result.Invalid) r).problems();
    }
}
