package io.milvusgitops.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, "input that escapes or exhausts" and "errors that say too much", as a careless operator or
 * an attacker would try them on the command line: each refused at once, with a sentence that names the
 * file or key, never its contents, a Java class name or a stack trace.
 */
class HostileInputTest {

    static final String SECRET_TEXT = "this-is-the-private-key-text SECRETLINE2";

    @TempDir
    Path dir;

    Path config(String webhookSecretFile) throws Exception {
        Path config = dir.resolve("daemon.yaml");
        Files.writeString(config, """
                git: {url: "file://%s"}
                dataDir: %s
                webhooks: {github: {file: %s}}
                """.formatted(dir.resolve("repo"), dir.resolve("data"), webhookSecretFile));
        return config;
    }

    static void noJavaInside(Cli r) {
        assertThat(r.err() + r.out()).doesNotContain("Exception", "java.", "\tat ", "io.fabric8", "com.fasterxml");
    }

    @Test
    void aWebhookSecretFileThatIsDevZeroIsRefusedBeforeItIsRead() throws Exception {
        Path config = config("/dev/zero");
        Cli r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Cli.run("run", "--once", "--config", config.toString()));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("webhooks.github.file").contains("/dev/zero").contains("not a regular file");
        noJavaInside(r);
    }

    @Test
    void aWebhookSecretFileThatIsAFifoDoesNotHangTheStartUp() throws Exception {
        Path fifo = dir.resolve("secret.fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Path config = config(fifo.toString());
        Cli r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Cli.run("run", "--once", "--config", config.toString()));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("webhooks.github.file").contains("secret.fifo").contains("not a regular file");
    }

    @Test
    void aConfigThatIsNotUtf8NamesTheFile() throws Exception {
        Path config = dir.resolve("latin1.yaml");
        Files.write(config, "git: {url: \"file:///caf\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1));
        Cli r = Cli.run("run", "--once", "--config", config.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("latin1.yaml").contains("not UTF-8").contains("line 1");
        assertThat(r.err()).doesNotContain("Input length");
    }

    @Test
    void aQuoteOrANewlineInTheDataDirIsAPathNotConfig() throws Exception {
        // Pasted into the embedded default's YAML, this once added a webhook secret read from any file.
        Path hostile = dir.resolve("data\"\nwebhooks: {github: {file: /etc/hostname}}\nx: \"");
        Cli r = Cli.run("run", "--once", "--fleet", "../examples/fleet", "--port", "0", "--data-dir", hostile.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(new ObjectMapper().readTree(r.out()).at("/git/desiredStateValid").asBoolean()).isTrue();
        assertThat(hostile.resolve("embedded-fleet")).as("the data directory is the path, quote and newline included").isDirectory();
    }

    @Test
    void aDataDirThatCannotBeADirectoryIsASentence() {
        Cli r = Cli.run("run", "--once", "--fleet", "../examples/fleet", "--port", "0", "--data-dir", "/dev/null");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("--data-dir /dev/null").contains("Fix:");
        assertThat(r.err().strip()).isNotEqualTo("error: /dev/null");
        noJavaInside(r);
    }

    @Test
    void aLiveSnapshotThatIsSomeOtherFileIsNotPrinted() throws Exception {
        Path text = dir.resolve("id_rsa");
        Files.writeString(text, SECRET_TEXT + "\nmore private text\n");
        Cli r = Cli.run("plan", "--repo", "../examples/fleet", "--live", text.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("id_rsa").doesNotContain("SECRETLINE2").doesNotContain("private-key-text");
    }

    @Test
    void aLiveSnapshotThatIsADeviceOrNotUtf8IsRefusedByName() throws Exception {
        Cli zero = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Cli.run("plan", "--repo", "../examples/fleet", "--live", "/dev/zero"));
        assertThat(zero.exit()).isEqualTo(1);
        assertThat(zero.err()).contains("/dev/zero").contains("not a regular file");
        Path latin1 = dir.resolve("live.yaml");
        Files.write(latin1, new byte[] {'a', ':', ' ', (byte) 0xe9, '\n'});
        Cli bad = Cli.run("plan", "--repo", "../examples/fleet", "--live", latin1.toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("live.yaml").contains("not UTF-8");
        noJavaInside(bad);
    }

    @Test
    void aKubeconfigThatIsSomeOtherFileIsNeitherPrintedNorAJavaError() throws Exception {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, SECRET_TEXT + "\nmore private text\n");
        Cli r = Cli.run("status", "--repo", "../examples/fleet", "--kubeconfig", text.toString());
        assertThat(r.out() + r.err()).contains("notes.txt").contains("not a kubeconfig").doesNotContain("SECRETLINE2").doesNotContain("private-key-text");
        noJavaInside(r);
        Cli json = Cli.run("status", "-o", "json", "--repo", "../examples/fleet", "--kubeconfig", text.toString());
        assertThat(json.out()).contains("not a kubeconfig").doesNotContain("SECRETLINE2");
    }

    @Test
    void aTimeFarAwayIsRefusedNamingTheOption() {
        for (String at : List.of("+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z")) {
            Cli r = Cli.run("plan", "--repo", "../examples/fleet", "--live", "../examples/live-snapshot.yaml", "--at", at);
            assertThat(r.exit()).as(at).isEqualTo(ExitCode.USAGE);
            assertThat(r.err()).contains("--at").contains("outside the years 1970 to 9999").doesNotContain("overflow");
        }
    }

    @Test
    void anUnsupportedRepositoryUrlIsRefusedAtLoadNamingTheKey() throws Exception {
        Path config = dir.resolve("ftp.yaml");
        Files.writeString(config, "git: {url: \"ftp://git.example.com/fleet.git\"}\ndataDir: " + dir.resolve("data") + "\n");
        Cli r = Cli.run("run", "--once", "--config", config.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("git.url").contains("ftp://");
        noJavaInside(r);
    }
}
