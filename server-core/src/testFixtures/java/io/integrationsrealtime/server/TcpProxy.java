package io.integrationsrealtime.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback TCP proxy a test steers: a flaky network whose connections it cuts, a load balancer
 * in front of a node (re-pointed to another node when that one dies), or the network between a
 * node and Redis (cut, then restored).
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final ExecutorService pumps = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "test-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Socket[]> links = new CopyOnWriteArrayList<>();
    /** Links that stopped moving data, each held until it is closed. */
    private final Map<Socket[], CountDownLatch> frozen =
            new ConcurrentHashMap<>();
    private volatile int targetPort;
    private volatile boolean refusing;

    public TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        pumps.execute(this::accept);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** New connections go to {@code port}; open ones are cut, so their clients reconnect there. */
    public void retarget(int port) {
        targetPort = port;
        cutAll();
    }

    /** New connections go to {@code port}; open ones stay: a load balancer draining a node. */
    public void redirectNew(int port) {
        targetPort = port;
    }

    /** Cuts every connection and refuses new ones until {@link #restore()}: a network outage. */
    public void cut() {
        refusing = true;
        cutAll();
    }

    public void restore() {
        refusing = false;
    }

    /**
     * The open connections stop moving data both ways but stay open, as behind a peer that
     * stopped reading: what either side writes piles up in its socket buffers, then blocks. New
     * connections work.
     */
    public void freeze() {
        for (Socket[] link : links) {
            frozen.putIfAbsent(link, new CountDownLatch(1));
        }
    }

    /** Cuts a random fraction of the open connections, as a flaky network would; returns how many. */
    public int dropRandom(double fraction) {
        int dropped = 0;
        for (Socket[] link : links) {
            if (java.util.concurrent.ThreadLocalRandom.current().nextDouble() < fraction) {
                close(link);
                dropped++;
            }
        }
        return dropped;
    }

    private void cutAll() {
        links.forEach(this::close);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (refusing) {
                    client.close();
                    continue;
                }
                Socket server = new Socket();
                try {
                    server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
                } catch (IOException refused) {
                    client.close();
                    continue;
                }
                Socket[] link = {client, server};
                links.add(link);
                pumps.execute(() -> pump(client, server, link));
                pumps.execute(() -> pump(server, client, link));
            } catch (IOException closed) {
                // listener closed
            }
        }
    }

    private void pump(Socket from, Socket to, Socket[] link) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                CountDownLatch hold = frozen.get(link);
                if (hold != null) {
                    hold.await();  // until the link is closed; what was read is dropped
                    return;
                }
                out.write(buffer, 0, read);
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        } catch (IOException dropped) {
            // one side went away
        } finally {
            close(link);
        }
    }

    private void close(Socket[] link) {
        links.remove(link);
        CountDownLatch hold = frozen.remove(link);
        if (hold != null) {
            hold.countDown();
        }
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
        cutAll();
        pumps.shutdownNow();
    }
}
