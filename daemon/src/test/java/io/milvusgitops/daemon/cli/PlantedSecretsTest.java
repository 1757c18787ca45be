package io.milvusgitops.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import com.sun.net.httpserver.HttpServer;
import io.milvusgitops.daemon.audit.AuditLog;
import io.milvusgitops.daemon.config.DaemonConfig;
import io.milvusgitops.daemon.config.DaemonConfigParser;
import io.milvusgitops.daemon.git.Secret;
import io.milvusgitops.daemon.notify.Notifier;
import io.milvusgitops.daemon.runtime.Daemon;
import io.milvusgitops.daemon.safety.RedactingLayout;
import io.milvusgitops.policy.fleet.TargetKey;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Plants secrets everywhere a careless operator puts them (a password with an '@' in the Git URL, a
 * private_token query parameter, token and webhook-secret files, a Slack URL, an scp-style password, a
 * kubeconfig token, an inline secret in the config) and greps every output for them: the log (through
 * the production layout), the status JSON, the page, the metrics, the command line's stdout and stderr,
 * the audit log and the body of a notification. None may show any of them.
 */
class PlantedSecretsTest {

    static final List<String> PLANTED = List.of("URLPASS", "PL4NTED@", "PL4NTED-QUERY-TOKEN", "PL4NTED-GIT-TOKEN", "PL4NTED-WEBHOOK-SECRET",
            "PL4NTED-SLACK", "PL4NTED-SCP", "PL4NTED-FILE", "PL4NTED-KUBE-TOKEN", "PL4NTED-INLINE");

    @TempDir
    Path dir;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender;
    Level rootLevel;

    @BeforeEach
    void captureTheLog() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        RedactingLayout layout = new RedactingLayout();
        layout.setContext(ctx);
        layout.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{20} %X - %msg%nopex%n");
        layout.start();
        LayoutWrappingEncoder<ch.qos.logback.classic.spi.ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(ctx);
        encoder.setLayout(layout);
        encoder.start();
        appender = new OutputStreamAppender<>();
        appender.setContext(ctx);
        appender.setEncoder(encoder);
        appender.setOutputStream(log);
        appender.start();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        root.setLevel(Level.DEBUG);
        root.addAppender(appender);
    }

    @AfterEach
    void release() {
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(appender);
        root.setLevel(rootLevel);
    }

    Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    String config() throws Exception {
        return """
                git:
                  url: "https://planted-user:PL4NTED@URLPASS@127.0.0.1:9/team/fleet.git?private_token=PL4NTED-QUERY-TOKEN"
                  timeout: 2s
                  token: {file: %s, username: bot}
                webhooks: {github: {file: %s}}
                notifications: {slack: {url: {file: %s}}}
                dataDir: %s
                http: {address: 127.0.0.1, port: 0}
                """.formatted(file("token", "PL4NTED-GIT-TOKEN\n"), file("webhook", "PL4NTED-WEBHOOK-SECRET\n"),
                file("slack", "https://hooks.slack.com/services/T0/B0/PL4NTED-SLACK\n"), dir.resolve("data"));
    }

    static void noneShows(String where, String text) {
        assertThat(text).as(where + " is checked on something").isNotBlank();
        for (String secret : PLANTED) assertThat(text).as(where + " shows " + secret).doesNotContain(secret);
    }

    @Test
    void theDaemonsLogStatusPageAndMetricsShowNoSecret() throws Exception {
        DaemonConfig config = ((DaemonConfigParser.Result.Valid) DaemonConfigParser.parse("daemon.yaml", config())).config();
        String status;
        String page;
        String metrics;
        try (Daemon daemon = new Daemon(config, Clock.systemUTC())) {
            daemon.once();
            HttpClient http = HttpClient.newHttpClient();
            status = get(http, daemon.port(), "/api/v1/status");
            page = get(http, daemon.port(), "/");
            metrics = get(http, daemon.port(), "/metrics");
        }
        assertThat(status).as("the Git error is reported").contains("127.0.0.1:9");
        noneShows("the status JSON", status);
        noneShows("the page", page);
        noneShows("the metrics", metrics);
        noneShows("the log, DEBUG and stack traces included", log.toString(StandardCharsets.UTF_8));
        // Below DEBUG, a log line is a sentence: no stack trace follows it, no Java exception is named in it.
        String[] lines = log.toString(StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].matches("\\d\\d:\\d\\d:\\d\\d\\.\\d+ (INFO|WARN|ERROR).*")) continue;
            assertThat(lines[i]).doesNotContain("Exception");
            if (i + 1 < lines.length) assertThat(lines[i + 1]).as("after " + lines[i]).doesNotStartWith("\tat ").doesNotStartWith("java.");
        }
    }

    @Test
    void runOnceStdoutAndStderrShowNoSecret() throws Exception {
        Path config = file("daemon.yaml", config());
        Cli r = Cli.run("run", "--once", "--config", config.toString());
        noneShows("run's stdout and stderr", r.out() + r.err());
        noneShows("the log", log.toString(StandardCharsets.UTF_8));
    }

    @Test
    void commandLineErrorsShowNoSecret() throws Exception {
        Cli scp = Cli.run("promote", "--repo", "planted:PL4NTED-SCP@127.0.0.1:team/fleet.git", "--from", "staging", "--to", "prod");
        Cli fileUrl = Cli.run("promote", "--repo", "file://planted:PL4NTED-FILE@localhost/nonexistent/fleet.git", "--from", "staging", "--to", "prod");
        Path kubeconfig = file("kubeconfig", """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "https://127.0.0.1:9"}}]
                users: [{name: u, user: {token: PL4NTED-KUBE-TOKEN}}]
                contexts: [{name: kind-dev, context: {cluster: c, user: u}}]
                current-context: kind-dev
                """);
        Cli status = Cli.run("status", "--repo", "../examples/fleet", "--kubeconfig", kubeconfig.toString());
        Cli inline = Cli.run("run", "--once", "--config", file("inline.yaml", "git: {url: https://h/x.git, token: PL4NTED-INLINE}\n").toString());
        assertThat(scp.exit()).isNotZero();
        assertThat(fileUrl.exit()).isNotZero();
        assertThat(inline.exit()).isEqualTo(1);
        noneShows("promote with an scp-style password", scp.out() + scp.err());
        noneShows("promote with a file:// password", fileUrl.out() + fileUrl.err());
        noneShows("status with a kubeconfig token", status.out() + status.err());
        noneShows("an inline secret in the config", inline.out() + inline.err());
        noneShows("the log", log.toString(StandardCharsets.UTF_8) + " ");
    }

    @Test
    void auditLinesAndNotificationBodiesShowNoSecret() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            received.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        String hookUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        try (Notifier notifier = new Notifier(new Notifier.Sinks(Optional.of(Secret.of(hookUrl, "test")), Optional.empty(),
                Optional.of(Secret.of(hookUrl + "?slack", "test"))))) {
            AuditLog audit = new AuditLog(dir.resolve("audit.jsonl"), Clock.systemUTC(), notifier);
            audit.blocked(new TargetKey("prod", "search"), "2.6.15", "2.5.16", "wait", List.of("custom"), Instant.now(),
                    "held: cannot fetch https://u:PL4NTED@URLPASS@git/x.git?private_token=PL4NTED-QUERY-TOKEN via git:PL4NTED-SCP@host:x.git, "
                            + "posting to https://hooks.slack.com/services/T/B/PL4NTED-SLACK");
        }
        receiver.stop(0);
        noneShows("the audit log", Files.readString(dir.resolve("audit.jsonl")));
        assertThat(received).as("a webhook and a Slack body").hasSize(2);
        noneShows("the notification bodies", String.join("\n", received));
    }

    static String get(HttpClient http, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
