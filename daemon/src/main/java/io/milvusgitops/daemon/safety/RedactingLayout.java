package io.milvusgitops.daemon.safety;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;

/**
 * The log line a person reads ({@link LogSetup}): the pattern without the exception, then, when the event
 * carries one, its cause in words ({@link Failures#describe}), never a stack trace or a Java class name,
 * and the whole line through {@link Redaction#redact}. Stack traces stay for DEBUG and TRACE events
 * (MILVUS_GITOPS_LOG_LEVEL=DEBUG), redacted too.
 */
public final class RedactingLayout extends PatternLayout {

    @Override
    public String doLayout(ILoggingEvent event) {
        String line = super.doLayout(event);
        IThrowableProxy proxy = event.getThrowableProxy();
        if (event.getLevel().isGreaterOrEqual(Level.INFO)) {
            // The message only: the logger's name before it is a class name by design.
            String message = event.getFormattedMessage();
            if (message != null && !message.isEmpty()) line = line.replace(message, Failures.withoutClassNames(message));
            if (proxy instanceof ThrowableProxy tp) {
                String cause = Failures.describe(tp.getThrowable());
                String body = line.stripTrailing();
                line = (body.contains(cause) ? body : body + ": " + cause) + System.lineSeparator();
            }
        } else if (proxy != null) {
            line = line + ch.qos.logback.classic.spi.ThrowableProxyUtil.asString(proxy) + System.lineSeparator();
        }
        return Redaction.redact(line);
    }
}
