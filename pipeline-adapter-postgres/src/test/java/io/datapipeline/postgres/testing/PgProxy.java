package io.datapipeline.postgres.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy in front of PostgreSQL that can lose one answer: armed with {@link #dropReplyTo}, it forwards the
 * first client message that contains the trigger (on a connection that sent {@code after} earlier), then drops
 * everything the server sends on that connection and closes both sides — what a network drop or a proxy restart
 * does to a client waiting for the answer to COMMIT. The server still receives and executes the message.
 */
public final class PgProxy implements AutoCloseable {

    /** The Parse message of pgjdbc's COMMIT: the query text between the unnamed statement's NUL and its own. */
    public static final String COMMIT = "\0COMMIT\0";

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicReference<Arm> armed = new AtomicReference<>();
    private volatile boolean keepServerSide;
    private volatile long refuseAfterTripNanos;
    private volatile long trippedAt;
    private final CountDownLatch tripped = new CountDownLatch(1);
    private volatile boolean closed;

    private record Arm(byte[] trigger, byte[] after) {
    }

    public PgProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "pg-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The JDBC URL of {@code db}, through this proxy. */
    public String jdbcUrl(TestDatabase db) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + db.name() + "?user=" + db.user()
                + (db.password() == null ? "" : "&password=" + db.password());
    }

    /**
     * Arms the proxy once.
     *
     * @param trigger bytes of the client message whose answer is lost (e.g. {@link #COMMIT}, or {@code "TRUNCATE"})
     * @param after   bytes the same connection must have sent before (e.g. {@code "TRUNCATE"}), or {@code null}
     */
    public void dropReplyTo(String trigger, String after) {
        armed.set(new Arm(trigger.getBytes(StandardCharsets.UTF_8),
                after == null ? null : after.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * When the answer is dropped, close only the client's side and leave the server's connection open, as a
     * network that fails on one side does: the server's process does not notice and keeps its transaction.
     */
    public void keepServerSideOpen() {
        keepServerSide = true;
    }

    /**
     * Once the answer was dropped, refuse every new connection for {@code outage} (accepted, then closed at once), as
     * a database that went away with the answer does: asking on a new connection whether the COMMIT happened fails
     * until the outage ends. Connections opened before stay up.
     */
    public void refuseNewConnectionsAfterTrip(java.time.Duration outage) {
        refuseAfterTripNanos = outage.toNanos();
    }

    /** Waits until an armed answer was dropped. */
    public boolean awaitTripped(long seconds) throws InterruptedException {
        return tripped.await(seconds, TimeUnit.SECONDS);
    }

    public boolean hasTripped() {
        return tripped.getCount() == 0;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                if (hasTripped() && System.nanoTime() - trippedAt < refuseAfterTripNanos) {
                    closeQuietly(client);
                    continue;
                }
                Socket upstream = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(upstream);
                Connection c = new Connection(client, upstream);
                start("pg-proxy-up", c::clientToServer);
                start("pg-proxy-down", c::serverToClient);
            } catch (IOException e) {
                if (!closed) {
                    // one failed accept or connect: keep serving others
                    continue;
                }
            }
        }
    }

    private static void start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private final class Connection {
        private final Socket client;
        private final Socket upstream;
        private volatile boolean dropping;
        private boolean sawAfter;

        Connection(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void clientToServer() {
            byte[] buf = new byte[1 << 16];
            try (InputStream in = client.getInputStream(); OutputStream out = upstream.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    Arm arm = armed.get();
                    if (arm != null && !dropping) {
                        if (arm.after() == null || sawAfter || indexOf(buf, n, arm.after()) >= 0) {
                            sawAfter = true;
                            if (indexOf(buf, n, arm.trigger()) >= 0 && armed.compareAndSet(arm, null)) {
                                dropping = true;
                                out.write(buf, 0, n);
                                out.flush();
                                // let the server read and execute the message before the connection goes away
                                Thread.sleep(300);
                                trippedAt = System.nanoTime();
                                tripped.countDown();
                                closeQuietly(client);
                                if (!keepServerSide) {
                                    closeQuietly(upstream);
                                }
                                return;
                            }
                        }
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // connection over
            } finally {
                if (!(dropping && keepServerSide)) {
                    closeQuietly(upstream);
                }
            }
        }

        void serverToClient() {
            byte[] buf = new byte[1 << 16];
            try (InputStream in = upstream.getInputStream(); OutputStream out = client.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (dropping) {
                        continue;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // connection over
            } finally {
                closeQuietly(client);
            }
        }
    }

    /** Closes the server-side connections left open by {@link #keepServerSideOpen()}. */
    public void closeServerSides() {
        sockets.forEach(PgProxy::closeQuietly);
    }

    static int indexOf(byte[] buf, int len, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= len; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buf[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        sockets.forEach(PgProxy::closeQuietly);
    }
}
