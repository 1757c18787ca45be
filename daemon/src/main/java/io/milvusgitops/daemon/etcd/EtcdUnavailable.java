package io.milvusgitops.daemon.etcd;

/** etcd did not answer, or answered with an error; the step is retried. */
public final class EtcdUnavailable extends Exception {

    public EtcdUnavailable(String message, Throwable cause) {
        super("etcd: " + message, cause);
    }
}
