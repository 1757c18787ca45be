package io.milvusgitops.daemon.git;

import java.nio.file.Path;
import org.eclipse.jgit.util.SystemReader;

/**
 * JGit's BouncyCastle GPG support finds keys through the GNUPGHOME environment variable; the daemon's
 * config names the keyring directory instead. This points JGit (and only JGit) at it. JGit's key
 * locator reads the location once per JVM, so the daemon sets it once, at start.
 */
public final class GnupgHome {

    private GnupgHome() {
    }

    private static Path current;

    /** Points JGit at a GnuPG home; the same one again is fine, another one is refused (JGit would ignore it). */
    public static synchronized void use(Path home) {
        Path abs = home.toAbsolutePath().normalize();
        if (current != null) {
            if (current.equals(abs)) return;
            throw new IllegalStateException("the GPG keyring is already " + current + "; JGit reads it once per process, so "
                    + abs + " cannot be used as well: use one keyring for every Git source");
        }
        current = abs;
        String dir = abs.toString();
        SystemReader current = SystemReader.getInstance();
        SystemReader.setInstance(new SystemReader.Delegate(current) {
            @Override
            public String getenv(String variable) {
                return "GNUPGHOME".equals(variable) ? dir : super.getenv(variable);
            }
        });
    }
}
