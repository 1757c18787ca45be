package io.milvusgitops.demo;

import io.milvusgitops.daemon.cli.Main;
import java.io.PrintWriter;
import org.eclipse.jgit.util.FS;

/**
 * The demo distribution's entry point: every command of {@code milvus-gitops}, plus {@code demo}. The launcher
 * runs it for {@code bin/milvus-gitops demo}; everything else runs the production jar.
 */
public final class DemoMain {

    private DemoMain() {
    }

    public static void main(String[] args) {
        FS.FileStoreAttributes.setBackground(true);
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return Main.commandLine(out, err).addSubcommand("demo", new DemoCommand()).execute(args);
    }
}
