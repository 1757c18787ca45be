package io.milvusgitops.daemon.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void aPasswordWithAnAtSignGoesWhole() {
        assertThat(Redaction.redact("cannot fetch https://user:pa@ss@git.example.com/x.git: refused"))
                .isEqualTo("cannot fetch https://***@git.example.com/x.git: refused");
    }

    @Test
    void everySchemeAndScpStyleAddressesLoseTheirUserInfo() {
        assertThat(Redaction.redact("file://me:s3cret-file@localhost/srv/fleet.git")).isEqualTo("file://***@localhost/srv/fleet.git");
        assertThat(Redaction.redact("ssh://git:s3cret-ssh@host:22/x.git")).isEqualTo("ssh://***@host:22/x.git");
        assertThat(Redaction.redact("clone user:s3cret-scp@host:team/x.git failed")).isEqualTo("clone user:***@host:team/x.git failed");
        assertThat(Redaction.redact("git@github.com:team/fleet.git")).as("no password: unchanged").isEqualTo("git@github.com:team/fleet.git");
    }

    @Test
    void credentialQueryParametersAreMasked() {
        assertThat(Redaction.redact("https://gitlab.example.com/api/v4/x?private_token=glpat-SECRET1&ref=main"))
                .isEqualTo("https://gitlab.example.com/api/v4/x?private_token=***&ref=main");
        assertThat(Redaction.redact("GET /x?a=1&access_token=SECRET2 HTTP")).isEqualTo("GET /x?a=1&access_token=*** HTTP");
        assertThat(Redaction.redact("https://s3/x?X-Amz-Signature=abcdef&X-Amz-Credential=AKIA")).doesNotContain("abcdef", "AKIA");
    }

    @Test
    void slackUrlsBearerTokensAndPrivateKeysAreMasked() {
        assertThat(Redaction.redact("posting to https://hooks.slack.com/services/T000/B000/XXXXSECRET failed"))
                .isEqualTo("posting to https://hooks.slack.com/services/*** failed");
        assertThat(Redaction.redact("Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.payload")).isEqualTo("Authorization: Bearer ***");
        assertThat(Redaction.redact("key: -----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n-----END OPENSSH PRIVATE KEY----- end"))
                .isEqualTo("key: [private key] end");
    }

    @Test
    void aRememberedSecretIsMaskedWhereverItAppears() {
        Redaction.remember("remembered-webhook-secret-42");
        assertThat(Redaction.redact("the server said: remembered-webhook-secret-42 is wrong")).isEqualTo("the server said: *** is wrong");
        Redaction.remember("abc");
        assertThat(Redaction.redact("abc")).as("too short to search for").isEqualTo("abc");
    }

    @Test
    void redactingTwiceChangesNothingMore() {
        String once = Redaction.redact("https://u:p@h/x?token=t user:pw@host:x.git https://hooks.slack.com/services/A/B/C");
        assertThat(Redaction.redact(once)).isEqualTo(once);
    }

    @Test
    void failuresAreSentencesWithoutClassNames() {
        Exception netty = new IOException("io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection refused: localhost/127.0.0.1:6443",
                new ConnectException("Connection refused"));
        assertThat(Failures.describe(netty)).isEqualTo("Connection refused: localhost/127.0.0.1:6443");
        assertThat(Failures.describe(new UncheckedIOException(new NoSuchFileException("/dev/null/x")))).isEqualTo("no such file: /dev/null/x");
        assertThat(Failures.describe(new NumberFormatException("For input string: \"99999999999999999999\"")))
                .isEqualTo("not a number: \"99999999999999999999\"");
        assertThat(Failures.describe(new RuntimeException(new IllegalStateException()))).doesNotContain("Exception", "java.");
        assertThat(Failures.describe(new RuntimeException("Cannot construct instance of `io.fabric8.kubernetes.api.model.Config`")))
                .doesNotContain("io.fabric8");
    }

    @Test
    void theCommandLinesWriterRedactsWholeLines() throws IOException {
        StringWriter sink = new StringWriter();
        try (RedactingWriter w = new RedactingWriter(sink)) {
            w.write("cloning https://user:to");
            w.write("ken@host/x.git\n");
        }
        assertThat(sink).hasToString("cloning https://***@host/x.git\n");
    }

    @Test
    void theLogLayoutKeepsTheLoggerAndSaysTheCauseInWords() {
        ch.qos.logback.classic.LoggerContext ctx = new ch.qos.logback.classic.LoggerContext();
        RedactingLayout layout = new RedactingLayout();
        layout.setContext(ctx);
        layout.setPattern("%-5level %logger{20} - %msg%nopex%n");
        layout.start();
        ch.qos.logback.classic.Logger logger = ctx.getLogger("io.milvusgitops.daemon.git.PollLoop");
        Exception e = new IOException("io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection refused: https://u:s3cret-log@h/x");
        String line = layout.doLayout(new ch.qos.logback.classic.spi.LoggingEvent("x", logger, ch.qos.logback.classic.Level.WARN,
                "poll failed for {}", e, new Object[] {"https://bot:s3cret-arg@git/x.git"}));
        assertThat(line).startsWith("WARN  i.m.d.git.PollLoop - poll failed for https://***@git/x.git: Connection refused: https://***@h/x")
                .doesNotContain("s3cret").doesNotContain("Exception").doesNotContain("\tat ");
    }
}
