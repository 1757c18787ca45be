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

    public static synchronized void use(Path home) {
        String dir = home.toAbsolutePath().toString();
        SystemReader current = SystemReader.getInstance();
        SystemReader.setInstance(new SystemReader.Delegate(current) {
            @Override
            public String getenv(String variable) {
                return "GNUPGHOME".equals(variable) ? dir : super.getenv(variable);
            }
        });
    }
}
