package io.integrationsrealtime.benchmarks;

import com.corundumstudio.socketio.AckMode;
import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOServer;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Server (b), the floor: plain netty-socketio 2.0.14 with websocket and HTTP compression off,
 * answering {@code integration:execute} by acknowledging with the decoded request itself. No
 * validation, no auth, no rooms.
 *
 * <p>Usage: {@code RawAckEchoServer <port> manual|inline}. {@code manual}: AckMode MANUAL, the ack
 * sent from a 4-thread executor (how server-core answers, since host work runs off the event
 * loop). {@code inline}: the ack sent on the event loop inside the listener. Prints
 * {@code READY <port>} once it listens on 127.0.0.1.
 */
public final class RawAckEchoServer {

    private RawAckEchoServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        boolean inline = "inline".equals(args[1]);
        Configuration config = new Configuration();
        config.setHostname("127.0.0.1");
        config.setPort(port);
        config.setWebsocketCompression(false);
        config.setHttpCompression(false);
        config.setRandomSession(true);
        config.setAckMode(AckMode.MANUAL);
        SocketIOServer server = new SocketIOServer(config);
        // server-core's default backend pool is max(4, 2 x cores) threads: the same size here.
        ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "ack-executor");
            thread.setDaemon(true);
            return thread;
        });
        @SuppressWarnings("rawtypes")
        Class<Map> payload = Map.class;
        server.addEventListener("integration:execute", payload, (client, data, ack) -> {
            if (inline) {
                ack.sendAckData(data);
            } else {
                executor.execute(() -> ack.sendAckData(data));
            }
        });
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        System.out.println("READY " + port);
        Thread.currentThread().join();
    }
}
