package io.integrationsrealtime.server.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.namespace.Namespace;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.transport.NamespaceClient;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine's fan-out on a plain netty-socketio server with this engine: which sockets it takes,
 * that a socket's queued packets go out before the fanned-out one, and that a packet with binary
 * attachments reaches every websocket whole (through the sockets' queues).
 */
class EventFanOutTest {

    private SocketIOServer server;
    private ConformantEngine engine;
    private Namespace namespace;
    private int port;
    private final List<Socket> sockets = new ArrayList<>();
    private final List<SocketIOClient> known = new ArrayList<>();

    @BeforeEach
    void start() {
        start(true);   // netty-socketio's default
    }

    private void start(boolean websocketCompression) {
        Configuration configuration = new Configuration();
        configuration.setWebsocketCompression(websocketCompression);
        configuration.setHostname("127.0.0.1");
        configuration.setPort(0);
        server = new SocketIOServer(configuration);
        engine = ConformantEngine.install(server, null, Duration.ofSeconds(5));
        namespace = (Namespace) server.getNamespace(Namespace.DEFAULT_NAME);
        ChannelFuture bound = (ChannelFuture) server.startAsync().syncUninterruptibly();
        port = ((InetSocketAddress) bound.channel().localAddress()).getPort();
    }

    @AfterEach
    void stop() {
        sockets.forEach(Socket::close);
        server.stop();
    }

    @Test
    void websocketsAreTaken_longPollingIsLeftToTheCaller() throws Exception {
        Received websocket = connect("websocket");
        Received polling = connect("polling");

        EventFanOut fanOut = engine.fanOut(namespace, "tick", 1);
        assertThat(fanOut.add(websocket.member)).isTrue();
        assertThat(fanOut.add(polling.member)).isFalse();
        fanOut.send();

        assertThat(websocket.next()).isEqualTo(1);
        assertThat(polling.events.poll(300, TimeUnit.MILLISECONDS)).as("left to the caller").isNull();
    }

    @Test
    void aPacketStillQueuedForTheSocket_goesOutFirst() throws Exception {
        Received websocket = connect("websocket");
        // Queued and not yet written, as a packet another thread is sending at that moment.
        ((NamespaceClient) websocket.member).getBaseClient().getPacketsQueue(Transport.WEBSOCKET).add(tick(1));

        EventFanOut fanOut = engine.fanOut(namespace, "tick", 2);
        assertThat(fanOut.add(websocket.member)).isTrue();
        fanOut.send();

        assertThat(websocket.next()).isEqualTo(1);
        assertThat(websocket.next()).isEqualTo(2);
    }

    @Test
    void aBinaryPacket_reachesEveryWebsocketWhole() throws Exception {
        Received first = connect("websocket");
        Received second = connect("websocket");
        byte[] bytes = {0, 1, 2, (byte) 0xff};
        EventFanOut fanOut = engine.fanOut(namespace, "blob", bytes);
        assertThat(fanOut.add(first.member)).isTrue();
        assertThat(fanOut.add(second.member)).isTrue();
        fanOut.send();

        assertThat(first.blobs.poll(10, TimeUnit.SECONDS)).containsExactly(bytes);
        assertThat(second.blobs.poll(10, TimeUnit.SECONDS)).containsExactly(bytes);
    }

    /**
     * Text around each length where a frame's header grows (125/126 and 65,535/65,536 bytes of
     * payload), through the whole frame made once (no compression) and the per-socket frames
     * (compression negotiated per socket).
     */
    @ParameterizedTest(name = "websocket compression {0}")
    @ValueSource(booleans = {false, true})
    void textOfEveryFrameLength_reachesEveryWebsocket(boolean websocketCompression) throws Exception {
        stop();
        start(websocketCompression);
        Received first = connect("websocket");
        Received second = connect("websocket");
        int overhead = "42[\"text\",\"\"]".length();   // Engine.IO message, Socket.IO event, its array
        List<String> sent = new ArrayList<>();
        for (int payload : new int[] {0, 125, 126, 65_535, 65_536, 200_000}) {
            String text = "x".repeat(Math.max(0, payload - overhead));
            sent.add(text);
            EventFanOut fanOut = engine.fanOut(namespace, "text", text);
            assertThat(fanOut.add(first.member)).isTrue();
            assertThat(fanOut.add(second.member)).isTrue();
            fanOut.send();
        }

        for (Received received : List.of(first, second)) {
            for (String text : sent) {
                assertThat(received.texts.poll(10, TimeUnit.SECONDS)).as("text of %d chars", text.length()).isEqualTo(text);
            }
        }
    }

    @Test
    void theWholeFrame_isWhatNettysEncoderMakes() {
        for (int length : new int[] {0, 1, 125, 126, 127, 65_535, 65_536, 70_000}) {
            ByteBuf payload = Unpooled.buffer(length);
            for (int i = 0; i < length; i++) {
                payload.writeByte('a' + i % 26);
            }
            EmbeddedChannel netty = new EmbeddedChannel(new WebSocket08FrameEncoder(false));
            netty.writeOutbound(new TextWebSocketFrame(payload.retainedDuplicate()));
            ByteBuf expected = Unpooled.buffer();
            for (ByteBuf part; (part = netty.readOutbound()) != null; part.release()) {
                expected.writeBytes(part);
            }

            ByteBuf frame = EventFanOut.wholeTextFrame(payload);
            try {
                assertThat(ByteBufUtil.hexDump(frame, 0, Math.min(frame.readableBytes(), 16)))
                        .as("header for %d bytes", length).isEqualTo(ByteBufUtil.hexDump(expected, 0, Math.min(expected.readableBytes(), 16)));
                assertThat(ByteBufUtil.equals(frame, expected)).as("frame of %d bytes", length).isTrue();
                assertThat(payload.readableBytes()).as("the payload is left as it was").isEqualTo(length);
            } finally {
                frame.release();
                payload.release();
                expected.release();
                netty.finishAndReleaseAll();
            }
        }
    }

    private static Packet tick(int n) {
        return EventFanOut.eventPacket(Namespace.DEFAULT_NAME, "tick", n);
    }

    /** A socket.io-client-java socket on {@code transport}, connected, and the server's side of it. */
    private Received connect(String transport) throws Exception {
        IO.Options options = IO.Options.builder().setForceNew(true).setReconnection(false)
                .setTransports(new String[] {transport}).build();
        Socket socket = IO.socket(URI.create("http://127.0.0.1:" + port), options);
        sockets.add(socket);
        Received received = new Received();
        socket.on("tick", args -> received.events.add(((Number) args[0]).intValue()));
        socket.on("blob", args -> received.blobs.add((byte[]) args[0]));
        socket.on("text", args -> received.texts.add((String) args[0]));
        CompletableFuture<String> connected = new CompletableFuture<>();
        socket.on(Socket.EVENT_CONNECT, args -> connected.complete(socket.id()));
        socket.connect();
        connected.get(10, TimeUnit.SECONDS);
        // The server's side: the one client of the namespace that no earlier socket of the test has.
        await().until(() -> namespace.getAllClients().size() == known.size() + 1);
        received.member = namespace.getAllClients().stream().filter(client -> !known.contains(client)).findFirst()
                .orElseThrow();
        known.add(received.member);
        return received;
    }

    private static final class Received {
        final BlockingQueue<Integer> events = new LinkedBlockingQueue<>();
        final BlockingQueue<byte[]> blobs = new LinkedBlockingQueue<>();
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        SocketIOClient member;

        int next() throws InterruptedException {
            Integer n = events.poll(10, TimeUnit.SECONDS);
            assertThat(n).as("an event within 10 s").isNotNull();
            return n;
        }
    }
}
