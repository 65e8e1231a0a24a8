package io.ipstream.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Free local ports, for servers that must know their port before they start (it goes into their config). */
public final class FreePorts {
    private static final Logger LOG = LoggerFactory.getLogger(FreePorts.class);

    private FreePorts() {
    }

    /** Distinct free ports on {@code host}: the sockets stay open until all are chosen, so none repeats. */
    public static int[] pick(String host, int count) {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 50, InetAddress.getByName(host));
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + host, e);
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    try {
                        socket.close();
                    } catch (IOException e) {
                        LOG.debug("Closing a probe socket failed", e);
                    }
                }
            }
        }
    }

    /** True when nothing listens on {@code host:port} yet. */
    public static boolean isFree(String host, int port) {
        try (ServerSocket socket = new ServerSocket(port, 50, InetAddress.getByName(host))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
