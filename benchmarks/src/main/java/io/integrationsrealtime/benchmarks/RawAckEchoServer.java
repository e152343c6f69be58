package io.integrationsrealtime.benchmarks;

import com.corundumstudio.socketio.AckMode;
import com.corundumstudio.socketio.AckRequest;
import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIOServer;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;

/**
 * Server (b), the floor: plain netty-socketio 2.0.14 with websocket and HTTP compression off,
 * answering {@code integration:execute} by acknowledging with the decoded request itself. No
 * validation, no auth. For the fan-out and memory scenarios it also puts a socket in a room on
 * {@code integration:join} ({@code integration:<id>}) and {@code integration:webhook:subscribe}
 * ({@code integration:<id>:webhooks}), acking with the room name, and on {@code webhook <i>} from
 * its {@link ControlChannel} sends {@code integration:webhook:received} to the webhook room.
 *
 * <p>Usage: {@code RawAckEchoServer <port> manual|inline}. {@code manual}: AckMode MANUAL, the ack
 * sent from a 4-thread executor (how server-core answers, since host work runs off the event
 * loop). {@code inline}: the ack sent on the event loop inside the listener. Prints
 * {@code READY <port>} once it listens on 127.0.0.1; exits when stdin ends.
 */
public final class RawAckEchoServer {

    private RawAckEchoServer() {
    }

    public static void main(String[] args) {
        try {
            serve(Integer.parseInt(args[0]), "inline".equals(args[1]));
        } catch (Exception e) {  // netty rethrows a failed bind as an undeclared BindException
            e.printStackTrace();  // as in ServerCoreBenchServer: do not linger without listening
            Runtime.getRuntime().halt(1);
        }
    }

    private static void serve(int port, boolean inline) throws InterruptedException {
        Configuration config = new Configuration();
        config.setHostname("127.0.0.1");
        config.setPort(port);
        config.setWebsocketCompression(false);
        config.setHttpCompression(false);
        config.setRandomSession(true);
        config.getSocketConfig().setReuseAddress(true);  // as in ServerCoreBenchServer
        config.setAckMode(AckMode.MANUAL);
        SocketIOServer server = new SocketIOServer(config);
        // server-core's default backend pool: a FIFO ForkJoinPool of max(4, 2 x cores) daemon threads.
        ExecutorService executor = new ForkJoinPool(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()),
                ForkJoinPool.defaultForkJoinWorkerThreadFactory, null, true);
        @SuppressWarnings("rawtypes")
        Class<Map> payload = Map.class;
        server.addEventListener("integration:execute", payload, (client, data, ack) -> {
            if (inline) {
                ack.sendAckData(data);
            } else {
                executor.execute(() -> ack.sendAckData(data));
            }
        });
        server.addEventListener("integration:join", payload, (client, data, ack) ->
                joinRoom(client, ack, "integration:" + data.get("integrationId")));
        server.addEventListener("integration:webhook:subscribe", payload, (client, data, ack) ->
                joinRoom(client, ack, "integration:" + data.get("integrationId") + ":webhooks"));
        server.start();
        String webhookRoom = "integration:" + ControlChannel.INTEGRATION_ID + ":webhooks";
        ControlChannel.start(i -> server.getRoomOperations(webhookRoom).sendEvent("integration:webhook:received",
                Map.of("integrationId", ControlChannel.INTEGRATION_ID, "event", "bench.tick",
                        "data", ControlChannel.webhookData(i), "timestamp", Instant.now().toString())));
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        System.out.println("READY " + port);
        Thread.currentThread().join();
    }

    private static void joinRoom(SocketIOClient client, AckRequest ack, String room) {
        client.joinRoom(room);
        ack.sendAckData(Map.of("room", room));
    }
}
