package io.datapipeline.postgres.connection;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import javax.net.SocketFactory;
import jdk.net.ExtendedSocketOptions;

/**
 * Sockets for the connections that hold the store lock: TCP keepalive after 30 s idle, every 10 s, 3 probes. A
 * network that silently drops packets (no FIN, no RST) is noticed within about a minute instead of the operating
 * system's two hours, so the tool reports the lost connection and asks the database what became of its work.
 * pgjdbc creates it by name ({@code socketFactory}).
 */
public final class KeepAliveSocketFactory extends SocketFactory {

    static final int IDLE_SECONDS = 30;
    static final int INTERVAL_SECONDS = 10;
    static final int PROBES = 3;

    @Override
    public Socket createSocket() throws IOException {
        Socket s = new Socket();
        configure(s);
        return s;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket s = createSocket();
        s.connect(new java.net.InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket s = createSocket();
        s.bind(new java.net.InetSocketAddress(localHost, localPort));
        s.connect(new java.net.InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        Socket s = createSocket();
        s.connect(new java.net.InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        Socket s = createSocket();
        s.bind(new java.net.InetSocketAddress(localAddress, localPort));
        s.connect(new java.net.InetSocketAddress(address, port));
        return s;
    }

    private static void configure(Socket s) throws SocketException {
        s.setKeepAlive(true);
        try {
            s.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, IDLE_SECONDS);
            s.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, INTERVAL_SECONDS);
            s.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, PROBES);
        } catch (UnsupportedOperationException | IOException e) {
            // a platform without these options keeps its own keepalive timing
        }
    }
}
