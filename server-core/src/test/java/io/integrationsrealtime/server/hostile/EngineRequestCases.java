package io.integrationsrealtime.server.hostile;

import io.integrationsrealtime.server.RawClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Hostile HTTP requests to the Engine.IO path, and connections that never finish a request:
 * unknown and malformed session ids over both transports, bad versions, transports and methods,
 * and sockets that stall or hang up mid-handshake. Each gets the Engine.IO error answer (HTTP 400
 * and its JSON code) or is closed, and none leaves a stack trace or the client's text in the log
 * (every client-chosen string here carries {@link #CANARY}, which the suite looks for in the log).
 */
final class EngineRequestCases {

    /** Marks text only a client chose; it must never appear in a log line. */
    static final String CANARY = "canary-7f3a9c";
    static final String UNKNOWN_SID = "{\"code\":1,\"message\":\"Session ID unknown\"}";
    static final String BAD_REQUEST = "{\"code\":3,\"message\":\"Bad request\"}";
    static final String UNSUPPORTED_VERSION = "{\"code\":5,\"message\":\"Unsupported protocol version\"}";

    record EngineCase(String name, Supplier<String> outcome, String expected) {
    }

    private EngineRequestCases() {
    }

    static List<EngineCase> all(int port, Supplier<String> websocketSid) {
        String base = "http://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=";
        String unknownUuid = "0d4b5a2e-9c61-4a55-8e0c-2f1b3a4c5d6e";
        List<EngineCase> cases = new ArrayList<>();
        for (String[] sid : new String[][] {{"non-UUID", "abc" + CANARY}, {"empty", ""}, {"3000 characters", CANARY + "x".repeat(3000)},
                {"unknown UUID", unknownUuid}, {"UUID with a suffix", unknownUuid + CANARY}}) {
            cases.add(new EngineCase("websocket upgrade with a " + sid[0] + " sid",
                    () -> http(upgrade(base + "websocket&sid=" + sid[1])), "400 " + UNKNOWN_SID));
            cases.add(new EngineCase("polling GET with a " + sid[0] + " sid",
                    () -> http(new Request.Builder().url(base + "polling&sid=" + sid[1])), "400 " + UNKNOWN_SID));
            cases.add(new EngineCase("polling POST with a " + sid[0] + " sid",
                    () -> http(new Request.Builder().url(base + "polling&sid=" + sid[1]).post(text("42[\"" + CANARY + "\"]"))),
                    "400 " + UNKNOWN_SID));
        }
        cases.add(new EngineCase("polling GET with the sid of a websocket session",
                () -> http(new Request.Builder().url(base + "polling&sid=" + websocketSid.get())), "400 " + BAD_REQUEST));
        cases.add(new EngineCase("unknown EIO version",
                () -> http(new Request.Builder().url(base.replace("EIO=4", "EIO=" + CANARY) + "polling")), "400 " + UNSUPPORTED_VERSION));
        cases.add(new EngineCase("Engine.IO v3 (Socket.IO v2 clients)",
                () -> http(new Request.Builder().url(base.replace("EIO=4", "EIO=3") + "polling")), "400 " + UNSUPPORTED_VERSION));
        cases.add(new EngineCase("unknown transport",
                () -> http(new Request.Builder().url(base + CANARY)), "400 {\"code\":0,\"message\":\"Transport unknown\"}"));
        cases.add(new EngineCase("handshake by POST",
                () -> http(new Request.Builder().url(base + "polling").post(text(CANARY))), "400 {\"code\":2,\"message\":\"Bad handshake method\"}"));
        cases.add(new EngineCase("another path",
                () -> http(new Request.Builder().url("http://127.0.0.1:" + port + "/" + CANARY + "?sid=" + CANARY)), "400 "));
        cases.add(new EngineCase("websocket upgrade without a key",
                () -> http(new Request.Builder().url(base + "websocket").header("Connection", "Upgrade")
                        .header("Upgrade", "websocket").header("Sec-WebSocket-Version", "13")), "400 " + BAD_REQUEST));
        String upgrade = "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\n"
                + "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "X-Canary: " + CANARY + "\r\n\r\n";
        cases.add(new EngineCase("websocket upgrade, then hang up before the answer",
                () -> raw(port, upgrade, false), "hung up"));
        cases.add(new EngineCase("half a request, then hang up",
                () -> raw(port, upgrade.substring(0, 60), false), "hung up"));
        cases.add(new EngineCase("bytes that are not HTTP",
                () -> raw(port, CANARY + "\u0000\u00ff".repeat(2000) + "\r\n\r\n", true), "answered 400, closed"));
        return cases;
    }

    private static Request.Builder upgrade(String url) {
        return new Request.Builder().url(url).header("Connection", "Upgrade").header("Upgrade", "websocket")
                .header("Sec-WebSocket-Version", "13").header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
    }

    private static RequestBody text(String body) {
        return RequestBody.create(body, MediaType.get("text/plain; charset=UTF-8"));
    }

    /** "status body". */
    private static String http(Request.Builder request) {
        try (Response response = RawClient.HTTP.newCall(request.build()).execute()) {
            return response.code() + " " + (response.body() == null ? "" : response.body().string());
        } catch (IOException e) {
            return "failed: " + e.getClass().getSimpleName();
        }
    }

    /** Sends {@code bytes} on a plain socket, then hangs up at once or reads the answer. */
    private static String raw(int port, String bytes, boolean readAnswer) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            if (!readAnswer) {
                socket.setSoLinger(true, 0);  // a reset, not an orderly close
                return "hung up";
            }
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return answer.startsWith("HTTP/1.1 400") ? "answered 400, closed" : "answered " + answer.lines().findFirst().orElse("nothing");
        } catch (IOException e) {
            return "failed: " + e.getClass().getSimpleName();
        }
    }
}
