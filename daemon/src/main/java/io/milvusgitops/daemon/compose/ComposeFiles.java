package io.milvusgitops.daemon.compose;

import io.milvusgitops.daemon.driver.StepOutcome.Done;
import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.policy.catalog.HopKind;
import io.milvusgitops.policy.fleet.Location;
import io.milvusgitops.policy.path.Hop;
import io.milvusgitops.policy.target.Image;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The update-compose-file step: the project's Compose file is not the source of truth here, but it
 * is kept in step so that a later {@code docker-compose up} does not roll the upgrade back. Its path is
 * the fleet's {@code composeFile}; without one, for a local Docker host (unix socket), the file Compose
 * recorded in its labels when it is readable here. Otherwise nothing is written, and the step says so.
 */
final class ComposeFiles {

    private ComposeFiles() {
    }

    static StepOutcome update(Location.ComposeProject where, ObservedProject p, String image, Hop hop) throws IOException {
        Optional<Path> file = where.composeFile().map(Path::of).or(() -> recorded(where, p));
        if (file.isEmpty()) {
            return new Done("the Compose file of " + p.project() + " is not known here (set composeFile in the fleet): not updated");
        }
        ComposeFileEditor.Edit e = ComposeFileEditor.apply(file.get(), image);
        StringBuilder what = new StringBuilder(e.changed() == 0 ? file.get() + " already names " + image
                : "wrote " + image + " into " + file.get() + " (" + e.changed() + (e.changed() == 1 ? " line)" : " lines)"));
        if (!e.skipped().isEmpty()) what.append("; left alone, as they take the image from a variable: ").append(e.skipped());
        if (hop.kind() == HopKind.TOPOLOGY_CHANGE && Image.parse(image).version().equals(Optional.of(hop.to()))) {
            // Only tags are written: adding and removing services of a hand-written file is the user's edit.
            what.append("; its services still describe ").append(hop.from().line()).append(": before the next docker-compose up, ")
                    .append("replace them with those of the ").append(hop.to().line()).append(" Compose file (mixcoord, streamingnode)");
        }
        return new Done(what.toString());
    }

    /** {@code com.docker.compose.project.config_files} of a Milvus container, when the daemon shares the host's files. */
    private static Optional<Path> recorded(Location.ComposeProject where, ObservedProject p) {
        if (!where.dockerHost().startsWith("unix:")) return Optional.empty();
        return p.milvus().stream().map(ProjectContainer::configFiles).flatMap(Optional::stream)
                .flatMap(files -> Arrays.stream(files.split(","))).map(String::strip).filter(f -> !f.isEmpty()).map(Path::of)
                .filter(f -> f.isAbsolute() && Files.isRegularFile(f)).findFirst();
    }
}
