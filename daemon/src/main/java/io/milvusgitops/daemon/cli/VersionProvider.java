package io.milvusgitops.daemon.cli;

import picocli.CommandLine;

/** {@code --version}: the build's version from the jar manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"milvus-gitops " + (v == null ? "dev" : v)};
    }
}
