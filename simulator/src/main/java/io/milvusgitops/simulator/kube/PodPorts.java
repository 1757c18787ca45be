package io.milvusgitops.simulator.kube;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Where a pod's port really listens: the emulator runs no pods, so a port-forward reaches whatever a test or a
 * simulated controller put behind {@code (namespace, pod, port)} (a simulated Milvus proxy on a local port).
 */
@FunctionalInterface
public interface PodPorts {

    /** Nothing listens anywhere: every port-forward ends with "connection refused", as to a port no container opened. */
    PodPorts NONE = (namespace, pod, port) -> Optional.empty();

    /** The address to connect to for the pod's port; empty when nothing listens there. */
    Optional<InetSocketAddress> backend(String namespace, String pod, int port);
}
