package io.milvusgitops.daemon.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The header read timeout Jetty has no setting for: Jetty's idle timeout starts again with every byte,
 * so a client sending one header byte a second keeps its connection forever (slowloris). This listener,
 * on Jetty's own connection events and scheduler, gives every connection {@code timeout} from its
 * opening, and from each response, for the next request's head to arrive whole; a connection that has
 * not delivered one by then is closed. {@link #requestArrived} is called by the server's handler, which
 * Jetty calls only once a head is complete.
 */
final class HeadDeadline implements Connection.Listener {

    private final Scheduler scheduler;
    private final Duration timeout;
    /** Requests that arrived per open connection: a deadline checks that the count moved since it was set. */
    private final Map<Connection, AtomicLong> arrived = new ConcurrentHashMap<>();

    HeadDeadline(Scheduler scheduler, Duration timeout) {
        this.scheduler = scheduler;
        this.timeout = timeout;
    }

    @Override
    public void onOpened(Connection connection) {
        arrived.put(connection, new AtomicLong());
        arm(connection);
    }

    @Override
    public void onClosed(Connection connection) {
        arrived.remove(connection);
    }

    /** A request's head arrived whole on {@code connection}: its deadline is met. */
    void requestArrived(Connection connection) {
        AtomicLong count = arrived.get(connection);
        if (count != null) count.incrementAndGet();
    }

    /** A response went out: the next request on this connection gets a new deadline. */
    void responded(Connection connection) {
        arm(connection);
    }

    private void arm(Connection connection) {
        AtomicLong count = arrived.get(connection);
        if (count == null) return;
        long seen = count.get();
        scheduler.schedule(() -> {
            AtomicLong now = arrived.get(connection);
            if (now != null && now.get() == seen) connection.getEndPoint().close();
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
