package io.integrationsrealtime.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.integrationsrealtime.client.Integration;
import io.integrationsrealtime.client.IntegrationsClient;
import io.integrationsrealtime.client.RoomActivityListener;
import io.integrationsrealtime.protocol.ExecutionCompleted;
import io.integrationsrealtime.protocol.ExecutionStarted;
import io.integrationsrealtime.protocol.IntegrationStatus;
import io.integrationsrealtime.server.IntegrationsServer;
import io.integrationsrealtime.server.redis.RedisBackplane;
import io.integrationsrealtime.server.spi.EndpointCall;
import io.integrationsrealtime.server.spi.IntegrationBackend;
import io.integrationsrealtime.server.spi.IntegrationRef;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What a user's build gets from the published artifacts, resolved from a file repository as Maven
 * Central would serve them: one version of each third-party library family (the project's own,
 * unless this build's dependency management chose others), and a server, client and Redis
 * backplane that work together. Uses only the public API.
 */
class ConsumerSmokeTest {

    private static final String PROJECT = "6958511e8397f2dfa88090d8";
    private static final String TWEETS = "64b2c3d4e5f6789012345678";
    private static final Pattern JAR = Pattern.compile(".*[/\\\\]([a-z0-9.-]+?)-(\\d[^/\\\\]*?)(-[a-z][^/\\\\]*)?\\.jar");

    @Test
    void theClasspathHasOneVersionPerLibraryFamily() {
        Map<String, String> jars = classpathJars();
        String netty = oneVersion(jars, "netty-");
        String jackson = oneVersion(jars, "jackson-core", "jackson-databind");
        // kotlin-stdlib-common holds Kotlin metadata only, no classes; Kotlin 2's BOM (Spring Boot 4) no
        // longer manages it, so Okio's 1.9 copy stays beside a 2.x stdlib, harmlessly.
        jars.remove("kotlin-stdlib-common");
        String kotlin = oneVersion(jars, "kotlin-stdlib");
        String okhttp = oneVersion(jars, "okhttp");
        String lettuce = oneVersion(jars, "lettuce-core");
        System.out.printf("RESOLVED netty=%s jackson=%s okhttp=%s kotlin-stdlib=%s lettuce=%s netty-socketio=%s%n",
                netty, jackson, okhttp, kotlin, lettuce, jars.get("netty-socketio"));

        expect("expected.netty", netty);
        expect("expected.jackson", jackson);
        expect("expected.okhttp", okhttp);
        expect("expected.kotlin", kotlin);
        expect("expected.lettuce", lettuce);

        // The project's own artifacts came from the deployed repository, not from a reactor build.
        for (String artifact : new String[] {"integrations-realtime-server-core", "integrations-realtime-client-sdk",
                "integrations-realtime-server-redis", "integrations-realtime-protocol-model"}) {
            String path = jarPath(artifact);
            String localRepository = System.getProperty("consumer.localRepository");
            assertTrue(path != null && (localRepository == null || path.startsWith(localRepository)),
                    artifact + " resolved from " + path + ", not from the consumer repository");
        }
    }

    @Test
    void standaloneServerServesTheClient() throws Exception {
        try (IntegrationsServer server = IntegrationsServer.builder(new EchoBackend())
                .allowAnonymous().hostname("127.0.0.1").port(0).build().start();
             IntegrationsClient client = client(server)) {
            client.connect().get(10, TimeUnit.SECONDS);
            Integration tweets = client.integration(PROJECT, TWEETS);
            tweets.join().get(10, TimeUnit.SECONDS);
            ExecutionCompleted done = tweets.execute("getUserTweets", Map.of("userId", "123"), Map.of())
                    .get(10, TimeUnit.SECONDS);
            assertEquals("123", done.result().data().get("userId"));
            assertTrue(tweets.status().get(10, TimeUnit.SECONDS).status().active());
        }
    }

    @Test
    void redisBackplaneCarriesRoomEventsBetweenNodes() throws Exception {
        assumeRedis();
        String prefix = "ir-consumer-" + UUID.randomUUID() + ":";
        try (RedisBackplane redisA = RedisBackplane.builder("redis://127.0.0.1:6379").keyPrefix(prefix).connect();
             RedisBackplane redisB = RedisBackplane.builder("redis://127.0.0.1:6379").keyPrefix(prefix).connect();
             IntegrationsServer nodeA = node(redisA);
             IntegrationsServer nodeB = node(redisB);
             IntegrationsClient watcher = client(nodeA);
             IntegrationsClient caller = client(nodeB)) {
            watcher.connect().get(10, TimeUnit.SECONDS);
            caller.connect().get(10, TimeUnit.SECONDS);
            CompletableFuture<ExecutionStarted> started = new CompletableFuture<>();
            CompletableFuture<ExecutionCompleted> completed = new CompletableFuture<>();
            Integration watched = watcher.integration(PROJECT, TWEETS);
            watched.onRoomActivity(new RoomActivityListener() {
                @Override
                public void onExecutionStarted(ExecutionStarted event) {
                    started.complete(event);
                }

                @Override
                public void onExecutionCompleted(ExecutionCompleted event) {
                    completed.complete(event);
                }
            });
            watched.join().get(10, TimeUnit.SECONDS);

            ExecutionCompleted own = caller.integration(PROJECT, TWEETS)
                    .execute("getUserTweets", Map.of("userId", "7"), Map.of()).get(10, TimeUnit.SECONDS);
            assertEquals(own.executionId(), started.get(10, TimeUnit.SECONDS).executionId());
            ExecutionCompleted seen = completed.get(10, TimeUnit.SECONDS);
            assertEquals(own.executionId(), seen.executionId());
            assertTrue(seen.result().isSummary(), "others see the summary only");
        }
    }

    private static IntegrationsServer node(RedisBackplane redis) {
        return IntegrationsServer.builder(new EchoBackend()).allowAnonymous().hostname("127.0.0.1").port(0)
                .roomEventBus(redis.eventBus()).idempotencyStore(redis.idempotencyStore()).build().start();
    }

    private static IntegrationsClient client(IntegrationsServer server) {
        return IntegrationsClient.builder().serverUrl("http://127.0.0.1:" + server.port()).build();
    }

    /** A backend whose every integration exists and whose endpoints answer with their params. */
    private static final class EchoBackend implements IntegrationBackend {
        @Override
        public CompletionStage<Boolean> exists(IntegrationRef integration) {
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public CompletionStage<Map<String, Object>> execute(EndpointCall call) {
            return CompletableFuture.completedFuture(Map.copyOf(call.params()));
        }

        @Override
        public CompletionStage<Map<String, Object>> healthCheck(IntegrationRef integration) {
            return CompletableFuture.completedFuture(Map.of("ok", true));
        }

        @Override
        public CompletionStage<IntegrationStatus> status(IntegrationRef integration) {
            return CompletableFuture.completedFuture(new IntegrationStatus(true, Map.of("requests", 1), null, null));
        }
    }

    // ---- what is on the class path ----

    /** artifactId -> version of every jar on the test class path (versions as in the file names). */
    private static Map<String, String> classpathJars() {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Map<String, String> jars = new TreeMap<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            Matcher jar = JAR.matcher(entry);
            if (jar.matches()) {
                jars.merge(jar.group(1), jar.group(2), (a, b) -> a.equals(b) ? a : a + "," + b);
            }
        }
        return jars;
    }

    private static String jarPath(String artifactId) {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : classPath.split(File.pathSeparator)) {
            Matcher jar = JAR.matcher(entry);
            if (jar.matches() && jar.group(1).equals(artifactId)) {
                return new File(entry).getAbsolutePath();
            }
        }
        return null;
    }

    /** The one version shared by every jar whose name starts with one of the prefixes; fails on a mix. */
    private static String oneVersion(Map<String, String> jars, String... prefixes) {
        TreeSet<String> versions = new TreeSet<>();
        Map<String, String> family = new TreeMap<>();
        jars.forEach((artifact, version) -> {
            for (String prefix : prefixes) {
                boolean member = prefix.endsWith("-") ? artifact.startsWith(prefix) && !artifact.equals("netty-socketio")
                        : artifact.equals(prefix) || artifact.startsWith(prefix + "-");
                if (member) {
                    versions.add(version);
                    family.put(artifact, version);
                }
            }
        });
        if (versions.size() > 1) {
            fail("mixed versions of " + String.join("/", prefixes) + " on the class path: " + family);
        }
        return versions.isEmpty() ? null : versions.first();
    }

    /** When the build says which version it expects (no Spring Boot management), the jar must have it. */
    private static void expect(String property, String actual) {
        String expected = System.getProperty(property, "");
        if (!expected.isEmpty() && !expected.startsWith("${")) {
            assertEquals(expected, actual, property);
        }
    }

    private static void assumeRedis() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 6379), 1000);
        } catch (Exception e) {
            String message = "Redis is not reachable on 127.0.0.1:6379 (" + e + "): the server-redis smoke needs one";
            if ("1".equals(System.getenv("REDIS_REQUIRED"))) {
                fail(message);
            }
            System.err.println("SKIPPED: " + message);
            Assumptions.abort(message);
        }
    }
}
