package io.milvusgitops.daemon.config;

import io.milvusgitops.daemon.compose.DockerHosts;
import io.milvusgitops.daemon.git.Credentials;
import io.milvusgitops.daemon.git.GitSourceSettings;
import io.milvusgitops.daemon.git.RepositoryUrl;
import io.milvusgitops.daemon.git.Secret;
import io.milvusgitops.daemon.git.SignaturePolicy;
import io.milvusgitops.daemon.helm.ChartSource;
import io.milvusgitops.daemon.notify.Notifier;
import io.milvusgitops.daemon.safety.Failures;
import io.milvusgitops.daemon.safety.SafeFiles;
import io.milvusgitops.daemon.webhook.WebhookSecrets;
import io.milvusgitops.policy.time.Durations;
import io.milvusgitops.policy.yaml.Problem;
import io.milvusgitops.policy.yaml.Problems;
import io.milvusgitops.policy.yaml.YamlLimits;
import io.milvusgitops.policy.yaml.YamlLoader;
import io.milvusgitops.policy.yaml.YamlMap;
import io.milvusgitops.policy.yaml.YamlValue;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the daemon config. Every problem names the key and the fix, all problems are reported at
 * once, and a config with any problem stops the start-up: a daemon never runs half configured.
 * Secrets are read from the files and variables the config names; the config itself holds none.
 */
public final class DaemonConfigParser {

    private final String file;
    private final Problems problems = new Problems();

    private DaemonConfigParser(String file) {
        this.file = file;
    }

    /** The config, or every problem of it. */
    public sealed interface Result {
        record Valid(DaemonConfig config) implements Result {
        }

        record Invalid(List<Problem> problems) implements Result {
        }
    }

    public static Result parse(String file, String text) {
        return new DaemonConfigParser(file).read(text);
    }

    /** Reads and parses the config file: a regular file, bounded and UTF-8 ({@link SafeFiles}), or a problem that says why not. */
    public static Result read(Path file) {
        try {
            return parse(file.toString(), SafeFiles.readText(file, YamlLimits.USER_FILE.maxBytes(), "the daemon config"));
        } catch (SafeFiles.Unreadable e) {
            return new Result.Invalid(List.of(Problem.atFile(file.toString(), e.reason(), e.fix() + " (docs/config.md)")));
        }
    }

    private Result read(String text) {
        Optional<YamlMap> root = YamlLoader.load(file, text, YamlLimits.USER_FILE, problems).flatMap(n -> YamlMap.root(file, n, problems));
        if (root.isEmpty()) return new Result.Invalid(problems.sorted());
        YamlMap m = root.get();
        m.allowOnly(List.of("git", "webhooks", "kubernetes", "clusters", "dockerHosts", "dataDir", "http", "reconcile", "leaderElection",
                "notifications", "helm"));
        Path dataDir = m.get("dataDir").flatMap(v -> v.asName("write a directory")).map(Path::of).orElse(Path.of("/var/lib/milvus-gitops"));
        Optional<GitSourceSettings> git = m.required("git", "add a git: section with at least url:").flatMap(YamlValue::asMap).flatMap(g -> git(g, dataDir));
        WebhookSecrets hooks = WebhookSecrets.NONE;
        int maxBody = DaemonConfig.WEBHOOK_MAX_BODY;
        Optional<YamlMap> w = m.get("webhooks").flatMap(YamlValue::asMap);
        if (w.isPresent()) {
            w.get().allowOnly(List.of("github", "gitlab", "gitea", "generic", "maxBodyBytes"));
            hooks = new WebhookSecrets(secret(w.get(), "github"), secret(w.get(), "gitlab"), secret(w.get(), "gitea"), secret(w.get(), "generic"));
            maxBody = w.get().get("maxBodyBytes").flatMap(v -> v.asInt(1024, 64 << 20)).orElse(maxBody);
        }
        Optional<Path> kubeconfig = m.get("kubernetes").flatMap(YamlValue::asMap).flatMap(k -> {
            k.allowOnly(List.of("kubeconfig"));
            return k.get("kubeconfig").flatMap(v -> v.asName("write the kubeconfig's path")).map(Path::of);
        });
        Map<String, List<String>> etcd = new LinkedHashMap<>();
        m.get("clusters").flatMap(YamlValue::asMap).ifPresent(c -> {
            for (String context : c.keys()) {
                c.get(context).flatMap(YamlValue::asMap).ifPresent(cm -> {
                    cm.allowOnly(List.of("etcd"));
                    List<String> endpoints = new ArrayList<>();
                    cm.required("etcd", "list the Milvus etcd endpoints of this cluster, e.g. [http://milvus-etcd.milvus:2379]")
                            .flatMap(YamlValue::asList).ifPresent(items -> items.forEach(i -> i.asName("write an endpoint URL").ifPresent(endpoints::add)));
                    etcd.put(context, endpoints);
                });
            }
        });
        Map<String, DaemonConfig.DockerHost> dockerHosts = new LinkedHashMap<>();
        m.get("dockerHosts").flatMap(YamlValue::asMap).ifPresent(d -> {
            for (String host : d.keys()) {
                d.get(host).flatMap(YamlValue::asMap).ifPresent(hm -> {
                    hm.allowOnly(List.of("tlsCertPath", "etcd"));
                    try {
                        DockerHosts.publishedAddress(host);
                    } catch (IllegalArgumentException e) {
                        d.get(host).get().report(e.getMessage(), "use the dockerHost of the fleet's compose targets as the key");
                    }
                    Optional<Path> certs = hm.get("tlsCertPath").flatMap(v -> v.asName("write the directory with ca.pem, cert.pem and key.pem"))
                            .map(Path::of);
                    List<String> endpoints = new ArrayList<>();
                    hm.get("etcd").flatMap(YamlValue::asList)
                            .ifPresent(items -> items.forEach(i -> i.asName("write an endpoint URL").ifPresent(endpoints::add)));
                    dockerHosts.put(host, new DaemonConfig.DockerHost(certs, endpoints));
                });
            }
        });
        String address = "0.0.0.0";
        int port = 8080;
        Optional<YamlMap> http = m.get("http").flatMap(YamlValue::asMap);
        if (http.isPresent()) {
            http.get().allowOnly(List.of("address", "port"));
            address = http.get().get("address").flatMap(v -> v.asName("write an address, e.g. 0.0.0.0")).orElse(address);
            port = http.get().get("port").flatMap(v -> v.asInt(0, 65535)).orElse(port);
        }
        Duration interval = DaemonConfig.RECONCILE_INTERVAL;
        Duration stepTimeout = DaemonConfig.STEP_TIMEOUT;
        Duration recheck = DaemonConfig.RECHECK;
        int retries = DaemonConfig.MAX_RETRIES;
        Optional<YamlMap> r = m.get("reconcile").flatMap(YamlValue::asMap);
        if (r.isPresent()) {
            r.get().allowOnly(List.of("interval", "stepTimeout", "maxRetries", "recheck"));
            interval = r.get().get("interval").flatMap(v -> duration(v, Duration.ofHours(24))).orElse(interval);
            stepTimeout = r.get().get("stepTimeout").flatMap(v -> duration(v, Duration.ofDays(7))).orElse(stepTimeout);
            recheck = r.get().get("recheck").flatMap(v -> duration(v, Duration.ofHours(1))).orElse(recheck);
            retries = r.get().get("maxRetries").flatMap(v -> v.asInt(0, 100)).orElse(retries);
        }
        Optional<DaemonConfig.LeaderElection> election = m.get("leaderElection").flatMap(YamlValue::asMap).flatMap(this::leaderElection);
        Optional<YamlMap> notifications = m.get("notifications").flatMap(YamlValue::asMap);
        Notifier.Sinks sinks = notifications.map(this::notifications).orElse(Notifier.Sinks.NONE);
        Duration blockedAfter = notifications.flatMap(n -> n.get("blockedAfter")).flatMap(v -> duration(v, Duration.ofDays(365))).orElse(DaemonConfig.BLOCKED_AFTER);
        ChartSource charts = m.get("helm").flatMap(YamlValue::asMap).map(h -> charts(h, dataDir))
                .orElse(DaemonConfig.defaultCharts(dataDir));
        if (!problems.isEmpty() || git.isEmpty()) return new Result.Invalid(problems.sorted());
        return new Result.Valid(new DaemonConfig(git.get(), hooks, maxBody, kubeconfig, etcd, dockerHosts, dataDir, address, port, interval, stepTimeout, recheck, retries,
                election, sinks, blockedAfter, charts));
    }

    /** {@code helm.charts} (a directory of chart archives) or {@code helm.repository} (a chart repository URL), not both. */
    private ChartSource charts(YamlMap h, Path dataDir) {
        h.allowOnly(List.of("charts", "repository"));
        Optional<String> dir = h.get("charts").flatMap(v -> v.asName("write the directory of the chart archives (milvus-<version>.tgz)"));
        Optional<String> repo = h.get("repository").flatMap(v -> v.asName("write the chart repository's URL"));
        if (dir.isPresent() && repo.isPresent()) {
            h.get("repository").get().report("give either helm.charts or helm.repository, not both", "remove one of them");
        }
        Optional<URI> url = repo.flatMap(r -> {
            try {
                URI u = new URI(r);
                if ("https".equals(u.getScheme()) || "http".equals(u.getScheme())) return Optional.of(u);
            } catch (URISyntaxException e) {
                // reported below
            }
            h.get("repository").get().report("not an http(s) URL", "write the chart repository's URL, e.g. " + ChartSource.MILVUS_REPOSITORY);
            return Optional.empty();
        });
        Path repositories = dataDir.resolve("helm").resolve("repositories.yaml");
        return dir.<ChartSource>map(d -> new ChartSource.Archives(Path.of(d)))
                .orElseGet(() -> new ChartSource.Repository(url.orElse(ChartSource.MILVUS_REPOSITORY), repositories));
    }

    private Notifier.Sinks notifications(YamlMap n) {
        n.allowOnly(List.of("webhook", "slack", "blockedAfter"));
        Optional<YamlMap> hook = n.get("webhook").flatMap(YamlValue::asMap);
        hook.ifPresent(h -> h.allowOnly(List.of("url", "key")));
        Optional<YamlMap> slack = n.get("slack").flatMap(YamlValue::asMap);
        slack.ifPresent(s -> s.allowOnly(List.of("url")));
        // URLs are secrets too (a Slack webhook URL is a credential): file: or env:, like every secret.
        return new Notifier.Sinks(
                hook.flatMap(h -> h.required("url", "name the file or variable that holds the receiver's URL: url: {file: F}")
                        .flatMap(v -> secretRef(v, "notifications.webhook.url"))).flatMap(u -> secretOf(u, "notifications.webhook.url")),
                hook.flatMap(h -> h.get("key").flatMap(v -> secretRef(v, "notifications.webhook.key"))).flatMap(k -> secretOf(k, "notifications.webhook.key")),
                slack.flatMap(s -> s.required("url", "name the file or variable that holds the incoming-webhook URL: url: {env: SLACK_URL}")
                        .flatMap(v -> secretRef(v, "notifications.slack.url"))).flatMap(u -> secretOf(u, "notifications.slack.url")));
    }

    /** A Lease ({@code namespace:}) or an etcd lock ({@code etcd:}): exactly one of the two keys says which. */
    private Optional<DaemonConfig.LeaderElection> leaderElection(YamlMap l) {
        l.allowOnly(List.of("namespace", "context", "etcd", "name", "leaseDuration"));
        String name = l.get("name").flatMap(v -> v.asName("write a name such as milvus-gitops")).orElse("milvus-gitops");
        Duration lease = l.get("leaseDuration").flatMap(v -> duration(v, Duration.ofHours(1))).orElse(Duration.ofSeconds(15));
        if (lease.compareTo(Duration.ofSeconds(3)) < 0) {
            l.get("leaseDuration").orElseThrow().report("a lease shorter than 3s", "write 15s (client-go's default) or more");
        }
        if (l.has("namespace") == l.has("etcd")) {
            l.self().report(l.has("etcd") ? "both namespace (a Kubernetes Lease) and etcd (a lock in etcd) are given" : "neither namespace nor etcd is given",
                    "keep exactly one: namespace: NS for a Lease in the daemon's Kubernetes namespace, or etcd: [http://etcd:2379] for a lock in etcd");
            return Optional.empty();
        }
        if (l.has("namespace")) {
            Optional<String> context = l.get("context").flatMap(v -> v.asName("write a kubeconfig context"));
            return l.get("namespace").flatMap(v -> v.asName("write the namespace of the Lease, e.g. the daemon's own"))
                    .map(ns -> new DaemonConfig.LeaderElection.Lease(context, ns, name, lease));
        }
        if (l.has("context")) {
            l.keyAt("context").report("context belongs to a Kubernetes Lease, not to an etcd lock", "remove context, or elect on a Lease with namespace: instead of etcd:");
        }
        Optional<List<YamlValue>> items = l.get("etcd").flatMap(YamlValue::asList);
        if (items.isEmpty()) return Optional.empty();
        if (items.get().isEmpty()) l.get("etcd").orElseThrow().report("no endpoint", "list the etcd endpoints of the lock, e.g. [http://etcd:2379]");
        List<String> endpoints = new ArrayList<>();
        for (YamlValue i : items.get()) {
            i.asName("write an endpoint URL such as http://etcd:2379").ifPresent(e -> {
                // The daemon's etcd clients speak plain gRPC only: an https:// endpoint would fail at every attempt, never here.
                if (e.startsWith("http://")) endpoints.add(e);
                else i.report("'" + e + "' is not an http:// endpoint (TLS to etcd is not supported yet)", "write http://host:2379 on a private network");
            });
        }
        return endpoints.isEmpty() ? Optional.empty() : Optional.of(new DaemonConfig.LeaderElection.EtcdLock(List.copyOf(endpoints), name, lease));
    }

    private Optional<GitSourceSettings> git(YamlMap g, Path dataDir) {
        g.allowOnly(List.of("url", "branch", "tagPattern", "path", "pollInterval", "timeout", "refuseNonFastForward", "token", "ssh", "signatures"));
        Optional<String> url = g.required("url", "write the fleet repository's URL: " + RepositoryUrl.SUPPORTED).flatMap(v -> v.asName("write a URL")
                .flatMap(u -> {
                    Optional<String> wrong = RepositoryUrl.problem(u);
                    wrong.ifPresent(why -> v.report(why, "write the fleet repository's address: " + RepositoryUrl.SUPPORTED));
                    return wrong.isEmpty() ? Optional.of(u) : Optional.empty();
                }));
        String branch = g.get("branch").flatMap(v -> v.asName("write a branch name")).orElse("main");
        Optional<String> tags = g.get("tagPattern").flatMap(v -> v.asName("write a glob such as fleet-v*"));
        String path = g.get("path").flatMap(v -> v.asString("write a directory inside the repository")).orElse("");
        Duration poll = g.get("pollInterval").flatMap(v -> duration(v, Duration.ofHours(24))).orElse(GitSourceSettings.DEFAULT_POLL);
        Duration timeout = g.get("timeout").flatMap(v -> duration(v, Duration.ofHours(1))).orElse(Duration.ofSeconds(30));
        boolean refuse = g.get("refuseNonFastForward").flatMap(YamlValue::asBoolean).orElse(false);
        Credentials creds = new Credentials.None();
        if (g.has("token") && g.has("ssh")) {
            g.keyAt("ssh").report("both token and ssh credentials", "keep the one the URL's scheme uses");
        }
        Optional<YamlMap> token = g.get("token").flatMap(v -> secretRef(v, "git.token"));
        if (token.isPresent()) {
            Optional<Secret> s = secretOf(token.get(), "git.token");
            String user = token.get().get("username").flatMap(v -> v.asName("write the user name")).orElse("git");
            if (s.isPresent()) creds = new Credentials.Token(user, s.get());
        }
        Optional<YamlMap> ssh = g.get("ssh").flatMap(YamlValue::asMap);
        if (ssh.isPresent()) {
            ssh.get().allowOnly(List.of("keyFile", "knownHostsFile", "passphraseFile"));
            Optional<Path> key = existing(ssh.get(), "keyFile", "the private key");
            Optional<Path> known = existing(ssh.get(), "knownHostsFile", "a known_hosts file with the server's host key");
            Optional<Secret> pass = ssh.get().get("passphraseFile").flatMap(v -> v.asName("write a file")).flatMap(f -> readSecret(ssh.get(), "passphraseFile", f));
            if (key.isPresent() && known.isPresent()) creds = new Credentials.SshKey(key.get(), known.get(), pass);
        }
        SignaturePolicy signatures = SignaturePolicy.OFF;
        Optional<YamlMap> sig = g.get("signatures").flatMap(YamlValue::asMap);
        if (sig.isPresent()) {
            sig.get().allowOnly(List.of("required", "gnupgHome", "fingerprints", "allowedSignersFile"));
            boolean required = sig.get().get("required").flatMap(YamlValue::asBoolean).orElse(false);
            Optional<Path> home = sig.get().get("gnupgHome").flatMap(v -> v.asName("write the GnuPG home directory")).map(Path::of);
            Optional<Path> allowed = sig.get().has("allowedSignersFile")
                    ? existing(sig.get(), "allowedSignersFile", "the allowed-signers file (git's gpg.ssh.allowedSignersFile format)") : Optional.empty();
            List<String> fprs = new ArrayList<>();
            sig.get().get("fingerprints").flatMap(YamlValue::asList).ifPresent(items -> items.forEach(i -> i.asName("write a fingerprint").ifPresent(fprs::add)));
            if (required && home.isEmpty() && allowed.isEmpty()) {
                sig.get().self().report("signatures are required but no keys are configured", "set gnupgHome (GPG) and/or allowedSignersFile (SSH)");
            }
            signatures = new SignaturePolicy(required, home, new HashSet<>(fprs), allowed);
        }
        if (url.isEmpty()) return Optional.empty();
        return Optional.of(new GitSourceSettings(url.get(), branch, tags, path, poll, timeout, creds, refuse, signatures, dataDir.resolve("git")));
    }

    private Optional<Secret> secret(YamlMap hooks, String provider) {
        return hooks.get(provider).flatMap(v -> secretRef(v, "webhooks." + provider)).flatMap(s -> secretOf(s, "webhooks." + provider));
    }

    /**
     * Where a secret is ({@code {file: F}} or {@code {env: V}}). A secret written inline is refused
     * without being repeated: the message must not carry it into a log.
     */
    private static Optional<YamlMap> secretRef(YamlValue v, String what) {
        if (!v.isMapping()) {
            v.report(what + " must say where the secret is, not hold it (the value is not shown here)",
                    "move the secret into a file or an environment variable and write {file: /path} or {env: NAME}; "
                            + "if it was committed, change the secret");
            return Optional.empty();
        }
        return v.asMap();
    }

    /** {@code file:} or {@code env:} of a secret; the value is read now, so a missing one stops the start-up here. */
    private Optional<Secret> secretOf(YamlMap s, String what) {
        s.allowOnly(what.equals("git.token") ? List.of("file", "env", "username") : List.of("file", "env"));
        if (s.has("file") == s.has("env")) {
            s.self().report(what + " needs exactly one of file: or env:", "name the file or the environment variable that holds the secret");
            return Optional.empty();
        }
        if (s.has("file")) {
            return s.get("file").flatMap(v -> v.asName("write a file path")).flatMap(f -> readSecret(s, "file", f));
        }
        return s.get("env").flatMap(v -> v.asName("write a variable name")).flatMap(var -> {
            try {
                return Optional.of(Secret.fromEnv(var));
            } catch (IllegalArgumentException e) {
                s.get("env").orElseThrow().report(e.getMessage(), "export " + var + " before starting the daemon");
                return Optional.empty();
            }
        });
    }

    private Optional<Secret> readSecret(YamlMap s, String key, String file) {
        try {
            return Optional.of(Secret.fromFile(Path.of(file)));
        } catch (SafeFiles.Unreadable e) {
            s.get(key).orElseThrow().report("the secret file " + file + " " + e.reason(), e.fix() + ", holding the secret alone");
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            s.get(key).orElseThrow().report("cannot read the secret file " + file + " (" + Failures.describe(e) + ")",
                    "create it, readable by the daemon, holding the secret alone");
            return Optional.empty();
        }
    }

    private Optional<Path> existing(YamlMap m, String key, String what) {
        return m.required(key, "write the path of " + what).flatMap(v -> v.asName("write a path")).flatMap(p -> {
            try {
                SafeFiles.regular(Path.of(p), "file");
            } catch (SafeFiles.Unreadable e) {
                m.get(key).orElseThrow().report(p + " " + e.reason(), "write the path of " + what);
                return Optional.empty();
            }
            return Optional.of(Path.of(p));
        });
    }

    /**
     * A positive duration of at most {@code max}: bounded here, with the key in the message, so that no
     * timeout overflows where it is used (JGit takes seconds as an int, etcd and fabric8 milliseconds).
     */
    private Optional<Duration> duration(YamlValue v, Duration max) {
        return v.asString("write a duration such as 30s or 5m").flatMap(s -> {
            Optional<Duration> d = Durations.parse(s).filter(x -> !x.isZero() && !x.isNegative());
            if (d.isEmpty()) {
                v.report("'" + YamlValue.excerpt(s) + "' is not a positive duration", "write e.g. 30s, 5m or 1h");
                return d;
            }
            if (d.get().compareTo(max) > 0) {
                v.report("'" + YamlValue.excerpt(s) + "' is more than the limit of " + Durations.format(max), "write at most " + Durations.format(max));
                return Optional.empty();
            }
            return d;
        });
    }
}
