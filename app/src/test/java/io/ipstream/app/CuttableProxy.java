package io.ipstream.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP forwarder between a client and a server that a test can cut: every connection closed on both
 * sides (the server sees its client go, as when the network or the server fails), and each new one
 * closed as soon as it is accepted, until {@link #restore}. It stands in for stopping the machine's
 * PostgreSQL, which other tests share (and a private cluster would need initdb, which refuses root).
 */
final class CuttableProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CuttableProxy.class);
    private static final String HOST = "127.0.0.1";

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final List<Socket> open = new ArrayList<>();
    /** Bytes sent towards the server since {@link #cutAfterUpstreamBytes} armed the cut. */
    private final AtomicLong upstreamBytes = new AtomicLong();
    private volatile long cutAfter = Long.MAX_VALUE;
    private boolean cut;

    private CuttableProxy(ServerSocket listener, InetSocketAddress upstream) {
        this.listener = listener;
        this.upstream = upstream;
    }

    /** Listens on a free local port and forwards each connection to {@code host:port}. */
    static CuttableProxy start(String host, int port) {
        try {
            CuttableProxy proxy = new CuttableProxy(new ServerSocket(0, 50, InetAddress.getByName(HOST)), new InetSocketAddress(host, port));
            daemon("proxy-accept-" + proxy.port(), proxy::acceptLoop);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + HOST, e);
        }
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Closes every connection and refuses new ones until {@link #restore}. */
    synchronized void cut() {
        cut = true;
        cutAfter = Long.MAX_VALUE;
        open.forEach(CuttableProxy::closeQuietly);
        LOG.info("Proxy {} -> {}: cut {} sockets", port(), upstream, open.size());
        open.clear();
    }

    /**
     * Cuts as soon as more than {@code bytes} have gone towards the server from now on, before
     * forwarding the chunk that crosses it: lands the cut inside a large write such as a COPY.
     */
    void cutAfterUpstreamBytes(long bytes) {
        upstreamBytes.set(0);
        cutAfter = bytes;
    }

    /** Whether a cut is in force now. */
    synchronized boolean isCut() {
        return cut;
    }

    /** Lets new connections through again. */
    synchronized void restore() {
        cut = false;
        LOG.info("Proxy {} -> {}: restored", port(), upstream);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            if (isCut()) {
                closeQuietly(client);
                continue;
            }
            Socket server = new Socket();
            try {
                server.connect(upstream, 5_000);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(server);
                continue;
            }
            synchronized (this) {
                if (cut) {
                    closeQuietly(client);
                    closeQuietly(server);
                    continue;
                }
                open.add(client);
                open.add(server);
            }
            daemon("proxy-up-" + client.getPort(), () -> pump(client, server, true));
            daemon("proxy-down-" + client.getPort(), () -> pump(server, client, false));
        }
    }

    /** Copies one direction until either side closes, then closes both. */
    private void pump(Socket from, Socket to, boolean upstreamDirection) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (upstreamDirection && upstreamBytes.addAndGet(read) > cutAfter) {
                    cut();
                    return;
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            LOG.debug("Proxy {}: connection ended: {}", port(), e.getMessage());
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            synchronized (this) {
                open.remove(from);
                open.remove(to);
            }
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("Closing a proxied socket failed", e);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        cut();
    }
}
