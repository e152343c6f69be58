package io.integrationsrealtime.server.protocol;

import io.integrationsrealtime.server.RawClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** Engine.IO over plain HTTP requests (long-polling by hand). */
final class EngineHttp {

    /** What came back: status, the Connection header and the body as text (ISO-8859-1 keeps every byte). */
    record Answer(int status, String connection, String body) {
    }

    private final String base;

    EngineHttp(int port) {
        this.base = "http://127.0.0.1:" + port + "/socket.io/?";
    }

    Answer get(String query) {
        return call(new Request.Builder().url(base + query));
    }

    Answer post(String query, String body) {
        return call(new Request.Builder().url(base + query)
                .post(RequestBody.create(body.getBytes(StandardCharsets.UTF_8), MediaType.get("text/plain; charset=UTF-8"))));
    }

    Answer method(String method, String query) {
        return call(new Request.Builder().url(base + query).method(method, RequestBody.create(new byte[0], null)));
    }

    /** A new polling session: its sid, the open packet consumed. */
    String handshake() {
        Answer open = get("EIO=4&transport=polling");
        if (open.status() != 200 || !open.body().startsWith("0{")) {
            throw new AssertionError("handshake refused: " + open);
        }
        return EngineSocket.sid(open.body());
    }

    private static Answer call(Request.Builder request) {
        try (Response response = RawClient.HTTP.newCall(request.build()).execute()) {
            String body = response.body() == null ? "" : new String(response.body().bytes(), StandardCharsets.UTF_8);
            return new Answer(response.code(), response.header("Connection"), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
