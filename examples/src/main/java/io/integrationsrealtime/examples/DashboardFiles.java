package io.integrationsrealtime.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.integrationsrealtime.protocol.ProtocolJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Serves the dashboard: a fixed set of static files from the classpath folder {@code dashboard/},
 * the socket.io browser bundle the examples build copies from {@code interop/node_modules}, and a
 * generated {@code /config.js} telling the page where the Socket.IO server is and what the demo
 * catalog holds. Nothing outside that list is ever served.
 */
final class DashboardFiles implements HttpHandler {

    static final String BUNDLE = "dashboard/vendor/socket.io.min.js";

    /** URL path to classpath resource and content type. */
    private static final Map<String, String[]> FILES = Map.of(
            "/", new String[] {"dashboard/index.html", "text/html; charset=utf-8"},
            "/index.html", new String[] {"dashboard/index.html", "text/html; charset=utf-8"},
            "/dashboard.css", new String[] {"dashboard/dashboard.css", "text/css; charset=utf-8"},
            "/dashboard.js", new String[] {"dashboard/dashboard.js", "text/javascript; charset=utf-8"},
            "/vendor/socket.io.min.js", new String[] {BUNDLE, "text/javascript; charset=utf-8"},
            "/vendor/socket.io.min.js.map", new String[] {BUNDLE + ".map", "application/json"});

    private final byte[] configScript;

    /**
     * @param socketUrl    the Socket.IO URL the page connects to, or {@code null} to use the page's
     *                     own host name with {@code socketPort} (when the demo binds every interface)
     * @param integrations the catalog shown in the page's integration picker
     */
    DashboardFiles(String socketUrl, int socketPort, List<DemoIntegration> integrations) {
        this.configScript = configScript(socketUrl, socketPort, integrations);
    }

    /** Whether the build put the socket.io browser bundle on the classpath (it needs Node.js and npm). */
    static boolean bundlePresent() {
        return DashboardFiles.class.getClassLoader().getResource(BUNDLE) != null;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                respond(exchange, 405, "text/plain; charset=utf-8", "use GET\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if ("/config.js".equals(path)) {
                respond(exchange, 200, "text/javascript; charset=utf-8", configScript);
                return;
            }
            String[] file = FILES.get(path);
            byte[] body = file == null ? null : resource(file[0]);
            if (body == null) {
                respond(exchange, 404, "text/plain; charset=utf-8", ("not found: " + path + "\n").getBytes(StandardCharsets.UTF_8));
                return;
            }
            respond(exchange, 200, file[1], body);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = DashboardFiles.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static byte[] configScript(String socketUrl, int socketPort, List<DemoIntegration> integrations) {
        List<Map<String, Object>> catalog = integrations.stream()
                .sorted(Comparator.comparing(DemoIntegration::id))
                .map(i -> Map.<String, Object>of("id", i.id(), "name", i.name(), "active", i.active(),
                        "endpoints", new TreeSet<>(i.endpoints().keySet()), "webhookEvents", i.webhookEvents()))
                .toList();
        Map<String, Object> config = new java.util.LinkedHashMap<>();
        config.put("socketUrl", socketUrl);
        config.put("socketPort", socketPort);
        config.put("projectId", DemoCatalog.PROJECT_ID);
        config.put("integrations", catalog);
        String json = ProtocolJson.write(config);
        return ("// Generated by the demo server.\nwindow.DEMO_CONFIG = " + json + ";\n").getBytes(StandardCharsets.UTF_8);
    }
}
