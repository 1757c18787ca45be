/**
 * A SIMULATION of Kubernetes, for the {@code demo} command and the tests: no real cluster is involved.
 *
 * <p>{@link io.milvusgitops.daemon.simulation.KubeEmulator} is fabric8's mock API server in CRUD mode;
 * {@link io.milvusgitops.daemon.simulation.SimulatedKubelet} plays the controllers (rollouts that take
 * time, crash-looping bad images, Jobs); {@link io.milvusgitops.daemon.simulation.RenderingHelm} renders
 * the REAL Milvus chart archives with helm-java and applies what they render. What is real: the daemon,
 * its drivers, the charts, and the etcd server ({@link io.milvusgitops.daemon.simulation.LocalEtcd}, Debian's
 * {@code etcd}) that the metadata backups and Milvus sessions use. Only the {@code demo} command, the
 * tests, and {@code run --simulated-helm} (hidden, refused unless {@code MILVUS_GITOPS_ALLOW_SIMULATION=1},
 * which only the process-level tests set) build it; the daemon's own code never does.
 */
package io.milvusgitops.daemon.simulation;
