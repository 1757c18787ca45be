package io.milvusgitops.daemon.compose;

/**
 * The labels Docker Compose puts on what it creates (v1 and v2 alike), by which the driver finds a
 * project, and the driver's own.
 */
final class ComposeLabels {

    static final String PROJECT = "com.docker.compose.project";
    static final String SERVICE = "com.docker.compose.service";
    static final String NUMBER = "com.docker.compose.container-number";
    static final String ONEOFF = "com.docker.compose.oneoff";
    /** Compose's hash of the service's configuration: a container made here matches no file, so it carries none. */
    static final String CONFIG_HASH = "com.docker.compose.config-hash";
    static final String CONFIG_FILES = "com.docker.compose.project.config_files";
    static final String WORKING_DIR = "com.docker.compose.project.working_dir";

    /** On a container this driver created for a component the project did not run before (2.6 MixCoord): the hop's id. */
    static final String CREATED_BY = "io.milvus-gitops.created-by";
    /** On the meta-migration container: the project it worked for (it is no Compose service). */
    static final String TOOL_PROJECT = "io.milvus-gitops.project";
    static final String TOOL = "io.milvus-gitops.tool";

    /**
     * The name suffix of a container kept, stopped, while its replacement starts: the way back of a hop.
     * The hop's last step (forward or back) removes these.
     */
    static final String RETIRED = ".pre-upgrade";

    private ComposeLabels() {
    }
}
