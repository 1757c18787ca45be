package io.milvusgitops.daemon.safety;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The logging of every command, set up in code: logback finds it through its {@code Configurator} service (in
 * {@code META-INF/services}) before it looks for a {@code logback.xml}, whose XML machinery cost a tenth of a second of
 * every start. Commands print their results on stdout; logs go to stderr, warnings and errors only unless
 * {@code MILVUS_GITOPS_LOG_LEVEL} says otherwise, every line through the redaction ({@link RedactingLayout}).
 */
public final class LogSetup extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{20} %X - %msg%nopex%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        RedactingLayout layout = new RedactingLayout();
        layout.setContext(context);
        layout.setPattern(PATTERN);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();

        context.getLogger("org.eclipse.jgit").setLevel(Level.WARN);
        // The Milvus SDK logs each failed call at ERROR; the smoke test reports the same answer as its step's outcome.
        context.getLogger("io.milvus").setLevel(Level.OFF);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getenv("MILVUS_GITOPS_LOG_LEVEL"), Level.WARN));
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
