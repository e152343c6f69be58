package io.integrationsrealtime.benchmarks.jmh;

import io.integrationsrealtime.client.internal.AckOutcome;
import io.integrationsrealtime.client.internal.JsonBridge;
import io.integrationsrealtime.protocol.ExecuteRequest;
import io.integrationsrealtime.protocol.ExecutionCompleted;
import io.integrationsrealtime.protocol.ExecutionResult;
import io.integrationsrealtime.protocol.ProtocolJson;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * client-sdk's JSON bridging per request: the execute request record to the org.json object that
 * socket.io-client-java sends, and the received ack (an org.json tree, as socket.io-client hands
 * it over) to the result record. {@code viaText*} is the bridge as it was before (JSON text
 * between Jackson and org.json), kept here as the reference.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JsonBridgeBenchmark {

    private ExecuteRequest request;
    private JSONObject ack;

    @Setup
    public void setUp() {
        // The request of loadgen.mjs, and the ack server-core sends for it (FixedResultBackend's data).
        request = new ExecuteRequest("6958511e8397f2dfa88090d8", "64b2c3d4e5f6789012345678", "getUserTweets",
                Map.of("userId", "123"), Map.of(), "c-3fa91c0d2b7e-17");
        ExecutionCompleted completed = new ExecutionCompleted("64b2c3d4e5f6789012345678", "getUserTweets",
                ExecutionResult.success(Map.of("tweets", List.of(Map.of("id", "1", "text", "hello")))),
                "4f0c6c1e-9a7b-4c1d-8e2f-0a1b2c3d4e5f", "c-3fa91c0d2b7e-17", Instant.parse("2026-11-27T02:00:00.123Z"));
        ack = new JSONObject(ProtocolJson.write(completed));  // socket.io-client parses acks with org.json
    }

    @Benchmark
    public JSONObject encodeRequest() {
        return JsonBridge.toJson(request);
    }

    @Benchmark
    public JSONObject encodeRequestViaText() {
        return new JSONObject(ProtocolJson.write(request));
    }

    @Benchmark
    public AckOutcome<ExecutionCompleted> decodeAck() {
        return AckOutcome.decode(new Object[] {ack}, ExecutionCompleted.class, "c-3fa91c0d2b7e-17");
    }

    @Benchmark
    public ExecutionCompleted decodeAckViaText() {
        if (JsonBridge.isFailure(ack)) {
            throw new IllegalStateException();
        }
        return ProtocolJson.read(ack.toString(), ExecutionCompleted.class);
    }
}
