package io.integrationsrealtime.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A loopback TCP proxy in front of a server whose connections the test can cut, the way a flaky
 * network would: clients see their transport drop and reconnect through the proxy.
 */
final class DroppingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final ExecutorService pumps = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "proxy-pump");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Socket[]> links = new CopyOnWriteArrayList<>();

    DroppingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        pumps.execute(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Cuts a random fraction of the open connections; returns how many were cut. */
    int dropRandom(double fraction) {
        int dropped = 0;
        for (Socket[] link : links) {
            if (ThreadLocalRandom.current().nextDouble() < fraction) {
                close(link);
                dropped++;
            }
        }
        return dropped;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
                Socket[] link = {client, server};
                links.add(link);
                pumps.execute(() -> pump(client, server, link));
                pumps.execute(() -> pump(server, client, link));
            } catch (IOException closedOrRefused) {
                // listener closed, or the server is down: the client's connect fails and it retries
            }
        }
    }

    private void pump(Socket from, Socket to, Socket[] link) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
            }
        } catch (IOException dropped) {
            // one side went away
        } finally {
            close(link);
        }
    }

    private void close(Socket[] link) {
        links.remove(link);
        for (Socket socket : link) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        links.forEach(this::close);
        pumps.shutdownNow();
    }
}
