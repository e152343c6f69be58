package io.integrationsrealtime.benchmarks.jmh;

import io.integrationsrealtime.client.internal.AckOutcome;
import io.integrationsrealtime.client.internal.JacksonPacketDecoder;
import io.integrationsrealtime.client.internal.JacksonPacketEncoder;
import io.integrationsrealtime.client.internal.JsonBridge;
import io.integrationsrealtime.protocol.ExecuteRequest;
import io.integrationsrealtime.protocol.ExecutionCompleted;
import io.integrationsrealtime.protocol.ExecutionResult;
import io.integrationsrealtime.protocol.ProtocolJson;
import io.socket.parser.IOParser;
import io.socket.parser.Packet;
import io.socket.parser.Parser;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.json.JSONArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * client-sdk's whole per-request packet work, as it is now against socket.io-client-java's stock
 * parser: an execute request from record to the packet text that goes on the wire, and the
 * server's ack from packet text to the result record. {@code *Stock} is the path before the
 * SDK's packet codec (org.json in and out, JsonBridge between); {@code *Jackson} the current one
 * (JacksonPacketEncoder / JacksonPacketDecoder).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PacketCodecBenchmark {

    private static final String EVENT = "integration:execute";
    private static final String REQUEST_ID = "c-3fa91c0d2b7e-17";

    private ExecuteRequest request;
    private String ackPacket;
    private final Parser.Encoder stockEncoder = new IOParser.Encoder();
    private final Parser.Encoder jacksonEncoder = new JacksonPacketEncoder();
    private final Parser.Decoder stockDecoder = new IOParser.Decoder();
    private final Parser.Decoder jacksonDecoder = new JacksonPacketDecoder();
    private Object[] encoded;
    private Packet<?> decoded;

    @Setup
    public void setUp() {
        // The request of loadgen.mjs, and the ack server-core sends for it (FixedResultBackend's data).
        request = new ExecuteRequest("6958511e8397f2dfa88090d8", "64b2c3d4e5f6789012345678", "getUserTweets",
                Map.of("userId", "123"), Map.of(), REQUEST_ID);
        ExecutionCompleted completed = new ExecutionCompleted("64b2c3d4e5f6789012345678", "getUserTweets",
                ExecutionResult.success(Map.of("tweets", List.of(Map.of("id", "1", "text", "hello")))),
                "4f0c6c1e-9a7b-4c1d-8e2f-0a1b2c3d4e5f", REQUEST_ID, Instant.parse("2026-11-27T02:00:00.123Z"));
        ackPacket = "317[" + ProtocolJson.write(completed) + "]";   // ACK, id 17, as netty-socketio writes it
        stockDecoder.onDecoded(packet -> decoded = packet);
        jacksonDecoder.onDecoded(packet -> decoded = packet);
    }

    @Benchmark
    public Object encodeRequestStock() {
        return encode(stockEncoder, JsonBridge.toJson(request));
    }

    @Benchmark
    public Object encodeRequestJackson() {
        return encode(jacksonEncoder, JsonBridge.toJsonText(request));
    }

    @Benchmark
    public AckOutcome<ExecutionCompleted> decodeAckStock() {
        stockDecoder.add(ackPacket);
        return outcome();
    }

    @Benchmark
    public AckOutcome<ExecutionCompleted> decodeAckJackson() {
        jacksonDecoder.add(ackPacket);
        return outcome();
    }

    /** What Socket.emit builds: [event, argument] with ack id 17. */
    private Object encode(Parser.Encoder encoder, Object argument) {
        JSONArray data = new JSONArray();
        data.put(EVENT);
        data.put(argument);
        Packet<JSONArray> packet = new Packet<>(Parser.EVENT, data);
        packet.id = 17;
        encoder.encode(packet, parts -> encoded = parts);
        return encoded[0];
    }

    /** What Socket.onack hands the SDK: the ack's arguments, decoded into the result record. */
    private AckOutcome<ExecutionCompleted> outcome() {
        JSONArray args = (JSONArray) decoded.data;
        return AckOutcome.decode(new Object[] {args.get(0)}, ExecutionCompleted.class, REQUEST_ID);
    }
}
