package io.milvusgitops.daemon.safety;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogSetupTest {

    @Test
    void logbackFindsTheSetupAsAServiceAndUsesItForTheWholeProcess() {
        assertThat(ServiceLoader.load(Configurator.class).stream().map(ServiceLoader.Provider::type)).containsExactly(LogSetup.class);
        LoggerContext running = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertThat(running.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isInstanceOf(ConsoleAppender.class);
        assertThat(running.getLogger("io.milvus").getEffectiveLevel()).isEqualTo(Level.OFF);
    }

    @Test
    void linesGoToStderrRedactedWithWarningsAndErrorsOnlyByDefault() {
        LoggerContext ctx = new LoggerContext();
        ctx.setMDCAdapter(new LogbackMDCAdapter()); // as logback's own start-up gives its context one
        assertThat(new LogSetup().configure(ctx)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        if (System.getenv("MILVUS_GITOPS_LOG_LEVEL") == null) assertThat(root.getLevel()).isEqualTo(Level.WARN);
        assertThat(ctx.getLogger("org.eclipse.jgit.transport").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(ctx.getLogger("io.milvus.v2.client").isErrorEnabled()).isFalse();

        ConsoleAppender<ILoggingEvent> stderr = (ConsoleAppender<ILoggingEvent>) root.getAppender("STDERR");
        assertThat(stderr.getTarget()).isEqualTo("System.err");
        assertThat(stderr.isStarted()).isTrue();
        Logger logger = ctx.getLogger("io.milvusgitops.daemon.git.PollLoop");
        byte[] line = ((LayoutWrappingEncoder<ILoggingEvent>) stderr.getEncoder()).encode(new ch.qos.logback.classic.spi.LoggingEvent("x",
                logger, Level.WARN, "poll failed for {}", null, new Object[] {"https://bot:s3cret-arg@git/x.git"}));
        assertThat(new String(line, StandardCharsets.UTF_8)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  i.m.d.git.PollLoop +- poll failed for "
                + "https://\\*\\*\\*@git/x.git\\R");
    }
}
