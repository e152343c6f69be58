package io.integrationsrealtime.client.internal;

import io.integrationsrealtime.client.internal.ClientLogger.Level;
import io.integrationsrealtime.protocol.ExecuteRequest;
import io.integrationsrealtime.protocol.ExecutionCompleted;
import io.integrationsrealtime.protocol.IntegrationRequest;
import io.integrationsrealtime.protocol.RoomMembership;
import io.integrationsrealtime.protocol.StatusResponse;
import io.integrationsrealtime.protocol.TestRequest;
import io.socket.parser.Packet;
import io.socket.parser.Parser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.json.JSONArray;

/**
 * Runs one request and one answer of each protocol type through the SDK's own codec (record to
 * packet text, ack text to record, success and failure), once per JVM, off the caller's threads.
 *
 * <p>Why: the first requests of a fresh JVM otherwise pay for loading the codec's classes, for
 * Jackson building its (de)serializers of the protocol records and for the first lambda and
 * method-handle links, in the middle of the application's traffic (docs/benchmarks-sdk.md, the
 * "cold" rows). Those costs are the same whenever they are paid; here they are paid while the
 * connection is being set up. It does not make the JIT compile earlier, and it never fails a
 * client: whatever goes wrong is logged at DEBUG.
 */
public final class CodecWarmUp {

    private static final ClientLogger LOG = ClientLogger.of(CodecWarmUp.class);
    private static final AtomicBoolean DONE = new AtomicBoolean();
    private static final String ID = "000000000000000000000000";
    private static final String TIMESTAMP = "\"2026-01-01T00:00:00Z\"";

    private CodecWarmUp() {
    }

    /** The first call runs {@link #run()}; later calls return at once. Never throws. */
    public static void once() {
        if (!DONE.compareAndSet(false, true)) {
            return;
        }
        try {
            run();
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.DEBUG, "codec warm-up failed; the first requests will do this work", e);
        }
    }

    /**
     * One pass over the codec.
     *
     * @return what the answers decoded to, in order (for tests: every one should be as expected)
     */
    static List<AckOutcome<?>> run() {
        // Requests are written as DirectFrames sends them, and through socket.io's encoder as when
        // something is queued before them on the EventThread.
        JacksonPacketEncoder.eventPacket("/", 1, "integration:execute", (JsonBridge.JsonText) JsonBridge.toArgument(
                new ExecuteRequest(ID, ID, "warmUp", Collections.singletonMap("key", "value"), Collections.emptyMap(),
                        "warm-up-1", null, null)));
        JacksonPacketEncoder.eventPacket("/", 2, "integration:test", (JsonBridge.JsonText) JsonBridge.toArgument(
                new TestRequest(ID, ID, TestRequest.HEALTH_CHECK, "warm-up-2", null, null)));
        JacksonPacketEncoder.encodeText(request("integration:join", new IntegrationRequest(ID, ID, "warm-up-3", 1L)));

        Class<?>[] types = {ExecutionCompleted.class, ExecutionCompleted.class, StatusResponse.class,
            RoomMembership.class};
        List<AckOutcome<?>> outcomes = new ArrayList<>();
        JacksonPacketDecoder.AckRouter router = new JacksonPacketDecoder.AckRouter() {
            @Override
            public boolean route(int ackId, Object[] arguments) {
                outcomes.add(AckOutcome.decode(arguments, types[ackId], "warm-up"));
                return true;
            }

            @Override
            public boolean routeText(int ackId, char[] chars, int arrayStart) {  // as PendingRequests
                AckOutcome<?> success = AckText.decodeSuccess(chars, arrayStart, types[ackId]);
                if (success != null) {
                    outcomes.add(success);
                }
                return success != null;
            }
        };
        // Acks as DirectFrames reads them (an engine.io message "4" first), and one through the decoder.
        JacksonPacketDecoder.routeAck("430[{\"integrationId\":\"" + ID + "\",\"endpoint\":\"warmUp\","
                + "\"result\":{\"success\":true,"
                + "\"data\":{\"items\":[1,2.5,\"x\",null,true],\"more\":{}}},\"executionId\":\"e\","
                + "\"requestId\":\"warm-up\",\"timestamp\":" + TIMESTAMP + "}]", 1, router);
        JacksonPacketDecoder.routeAck("431[{\"error\":{\"code\":\"UPSTREAM_ERROR\",\"message\":\"m\",\"retryable\":true,"
                + "\"details\":{}},\"requestId\":\"warm-up\",\"executionId\":\"e\"}]", 1, router);
        JacksonPacketDecoder.routeAck("432[{\"integrationId\":\"" + ID + "\","
                + "\"status\":{\"isActive\":true,\"usage\":{\"count\":1}},"
                + "\"requestId\":\"warm-up\",\"timestamp\":" + TIMESTAMP + "}]", 1, router);
        new JacksonPacketDecoder(router).add("33[{\"integrationId\":\"" + ID + "\",\"projectId\":\"" + ID
                + "\",\"room\":\"integration:" + ID + "\",\"requestId\":\"warm-up\",\"seq\":1}]");
        return outcomes;
    }

    private static Packet<JSONArray> request(String event, Object record) {
        JSONArray data = new JSONArray();
        data.put(event);
        data.put(new JacksonPacketEncoder.WithAck(0, (JsonBridge.JsonText) JsonBridge.toArgument(record)));
        Packet<JSONArray> packet = new Packet<>(Parser.EVENT, data);
        packet.nsp = "/";
        return packet;
    }
}
