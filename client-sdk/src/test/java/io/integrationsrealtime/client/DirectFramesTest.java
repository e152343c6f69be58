package io.integrationsrealtime.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.integrationsrealtime.protocol.ExecutionCompleted;
import io.integrationsrealtime.protocol.ExecutionFailed;
import io.integrationsrealtime.protocol.ExecutionStarted;
import io.integrationsrealtime.server.IntegrationsServer;
import io.integrationsrealtime.server.TcpProxy;
import io.integrationsrealtime.server.TestAuth;
import io.integrationsrealtime.server.TestBackend;
import io.socket.thread.EventThread;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests and their acks around socket.io's EventThread (internal.DirectFrames), against a real
 * server-core: they do not wait for that thread, and an ack still never overtakes an event the
 * server sent before it.
 */
class DirectFramesTest {

    private static IntegrationsServer server;
    private static String url;
    private final TestClients clients = new TestClients();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeAll
    static void startServer() {
        server = TestAuth.server(new TestBackend()).build().start();
        url = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void cleanUp() {
        release.countDown();
        clients.close();
    }

    private Integration joined() {
        IntegrationsClient client = clients.client(url);
        client.connect().orTimeout(10, TimeUnit.SECONDS).join();
        Integration integration = client.integration(TestBackend.PROJECT, TestBackend.TWEETS);
        integration.join().orTimeout(5, TimeUnit.SECONDS).join();
        return integration;
    }

    /** Holds socket.io's EventThread (shared by every client in the JVM) until {@link #release}. */
    private void holdEventThread() throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        EventThread.exec(() -> {
            held.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void requestsAndAcksDoNotWaitForTheEventThread() throws Exception {
        Integration integration = joined();
        holdEventThread();

        ExecutionCompleted done = integration.execute("getUserTweets", Map.of("userId", "7"), Map.of())
                .orTimeout(5, TimeUnit.SECONDS).join();

        assertThat(done.result().success()).isTrue();
        assertThat(integration.status().orTimeout(5, TimeUnit.SECONDS).join().status().active()).isTrue();
    }

    @Test
    void messagesAreWrittenByTheClientsWriterThread_largeOnesToo() {
        Set<String> writersBefore = writerThreads();
        Integration integration = joined();
        // 40,000 characters: a frame with a 16-bit length, over several writes of the socket.
        String big = "x".repeat(40_000);

        ExecutionCompleted done = integration.execute("getUserTweets", Map.of("userId", big), Map.of())
                .orTimeout(5, TimeUnit.SECONDS).join();

        assertThat(done.result().data()).containsEntry("userId", big);
        // Named with a JVM-wide counter: a name not seen before is this client's writer.
        assertThat(writerThreads()).anyMatch(name -> !writersBefore.contains(name));
    }

    @Test
    void aConnectionWhoseWriterIsBlocked_isReplacedByOneThatWrites() throws Exception {
        IntegrationsServer quickHeartbeat = clients.closeLater(TestAuth.server(new TestBackend())
                .configure(configuration -> {
                    configuration.setPingInterval(500);
                    configuration.setPingTimeout(500);
                }).build().start());
        TcpProxy proxy = clients.closeLater(new TcpProxy(quickHeartbeat.port()));
        IntegrationsClient client = clients.client("http://127.0.0.1:" + proxy.port());
        client.connect().orTimeout(10, TimeUnit.SECONDS).join();
        Integration integration = client.integration(TestBackend.PROJECT, TestBackend.TWEETS);
        integration.join().orTimeout(5, TimeUnit.SECONDS).join();

        // The server stops reading (and sending): 12 MB of requests fill the socket buffers on
        // both sides of the link, and the connection's writer thread blocks in a write.
        proxy.freeze();
        String big = "x".repeat(500_000);
        List<CompletableFuture<ExecutionCompleted>> stuck = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            stuck.add(integration.execute("getUserTweets", Map.of("userId", big), Map.of()));
        }
        await().atMost(Duration.ofSeconds(10)).until(DirectFramesTest::aWriterIsBlockedInAWrite);

        // engine.io's heartbeat gives the connection up and the client reconnects through a new
        // link, whose writes go out although the old writer is still blocked.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                assertThat(integration.status().orTimeout(2, TimeUnit.SECONDS).join().status().active()).isTrue());
        assertThat(aWriterIsBlockedInAWrite()).isTrue();
        for (CompletableFuture<ExecutionCompleted> request : stuck) {
            assertThat(request).failsWithin(Duration.ofSeconds(10));
        }
    }

    @Test
    void overTls_okHttpWritesAsBefore_andEveryFlowWorks(@TempDir Path dir) throws Exception {
        char[] password = "changeit".toCharArray();
        Path keyStore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        IntegrationsServer tls = clients.closeLater(TestAuth.server(new TestBackend())
                .configure(configuration -> {
                    try {
                        configuration.setKeyStore(new ByteArrayInputStream(Files.readAllBytes(keyStore)));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    configuration.setKeyStorePassword("changeit");
                    configuration.setKeyStoreFormat("PKCS12");
                }).build().start());
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            trusted.load(in, password);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        X509TrustManager trustManager = (X509TrustManager) trust.getTrustManagers()[0];
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, new TrustManager[] {trustManager}, null);
        OkHttpClient http = new OkHttpClient.Builder().sslSocketFactory(ssl.getSocketFactory(), trustManager).build();
        Set<String> writersBefore = writerThreads();

        IntegrationsClient client = clients.client("https://127.0.0.1:" + tls.port(), builder -> builder.okHttpClient(http));
        client.connect().orTimeout(10, TimeUnit.SECONDS).join();
        Integration integration = client.integration(TestBackend.PROJECT, TestBackend.TWEETS);
        integration.join().orTimeout(5, TimeUnit.SECONDS).join();
        String big = "y".repeat(40_000);
        ExecutionCompleted done = integration.execute("getUserTweets", Map.of("userId", big), Map.of())
                .orTimeout(5, TimeUnit.SECONDS).join();

        assertThat(done.result().data()).containsEntry("userId", big);
        assertThat(integration.status().orTimeout(5, TimeUnit.SECONDS).join().status().active()).isTrue();
        assertThat(writerThreads()).isSubsetOf(writersBefore);  // OkHttp wrote every frame
        http.dispatcher().executorService().shutdown();
    }

    private static boolean aWriterIsBlockedInAWrite() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(thread -> thread.getKey().getName().startsWith("integrations-client-writer-"))
                .anyMatch(thread -> Arrays.stream(thread.getValue())
                        .anyMatch(frame -> frame.getMethodName().startsWith("write")
                                && frame.getClassName().contains("Socket")));
    }

    private static Set<String> writerThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("integrations-client-writer-")).collect(Collectors.toSet());
    }

    @Test
    void anAckWaitsForAnEventTheServerSentBeforeIt() throws Exception {
        Integration watcher = joined();
        Integration caller = joined();
        List<String> seen = new CopyOnWriteArrayList<>();
        watcher.onRoomActivity(new RoomActivityListener() {
            @Override
            public void onExecutionStarted(ExecutionStarted event) {
                seen.add("started");
            }

            @Override
            public void onExecutionCompleted(ExecutionCompleted event) {
                seen.add("completed");
            }

            @Override
            public void onExecutionFailed(ExecutionFailed event) {
                seen.add("failed");
            }
        });
        holdEventThread();
        // The server broadcasts "started" to the room before it runs the call and acks the caller,
        // so on the watcher's socket that event comes before the ack of any later request.
        caller.execute("getUserTweets", Map.of("userId", "7"), Map.of()).orTimeout(5, TimeUnit.SECONDS).join();

        CompletableFuture<Void> status = watcher.status().thenRun(() -> seen.add("status"));

        // The event waits on the held EventThread, and so must the ack behind it.
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !status.isDone());
        release.countDown();
        status.orTimeout(5, TimeUnit.SECONDS).join();
        assertThat(seen.indexOf("started")).isNotNegative().isLessThan(seen.indexOf("status"));
    }
}
