package io.milvusgitops.daemon.helm;

import com.marcnuri.helm.Helm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * helm-java runs Helm as a Go shared library. Loading it starts the Go runtime, which installs its own
 * handlers for SIGTERM and SIGINT: from then on neither a Ctrl-C nor Kubernetes' SIGTERM reaches the
 * JVM, no shutdown hook runs, and the process never exits (found by the demo: it survived SIGTERM and
 * went on acting). Loading the library once at start-up and putting the JVM's handlers back was not
 * enough: a later {@code template} took SIGTERM again. So the handlers are put back after every call
 * into native Helm ({@link #afterCall()}); that costs three {@code sigaction}s.
 */
public final class NativeHelm {

    private static final Logger LOG = LoggerFactory.getLogger(NativeHelm.class);
    private static boolean loaded;

    private NativeHelm() {
    }

    /** Loads native Helm (if it is not yet) and gives SIGTERM, SIGINT and SIGHUP back to the JVM's orderly shutdown. */
    public static synchronized void loadKeepingJvmSignals() {
        if (loaded) return;
        loaded = true;
        try {
            LOG.debug("native Helm {}", Helm.version().call());
        } catch (RuntimeException | LinkageError e) {
            // Without native Helm the daemon still runs; a Helm step will then fail with the reason.
            LOG.warn("native Helm could not be loaded: {}", e.toString());
            return;
        }
        afterCall();
    }

    /** Gives SIGTERM, SIGINT and SIGHUP back to the JVM: call after every call into native Helm. */
    public static void afterCall() {
        for (String[] signal : new String[][] {{"TERM", "143"}, {"INT", "130"}, {"HUP", "129"}}) {
            int status = Integer.parseInt(signal[1]);
            // System.exit runs the shutdown hooks; it must not run on the signal-dispatch thread itself.
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(signal[0]), s -> new Thread(() -> System.exit(status), "SIG" + signal[0]).start());
            } catch (IllegalArgumentException reservedByTheVm) {
                // -Xrs, or a JVM that keeps this signal: nothing to give back.
            }
        }
    }
}
