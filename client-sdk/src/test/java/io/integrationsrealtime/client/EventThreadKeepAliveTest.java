package io.integrationsrealtime.client;

import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static io.integrationsrealtime.server.TestBackend.TWEETS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.integrationsrealtime.client.internal.EventThreadKeepAlive;
import io.integrationsrealtime.server.IntegrationsServer;
import io.integrationsrealtime.server.TestAuth;
import io.integrationsrealtime.server.TestBackend;
import io.socket.thread.EventThread;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * socket.io's EventThread ends whenever its queue empties; a connected client keeps it, so
 * requests one after another do not each start a thread. Real server-core over loopback.
 */
class EventThreadKeepAliveTest {

    private IntegrationsServer server;
    private String url;
    private final TestClients clients = new TestClients();

    @BeforeEach
    void startServer() {
        server = TestAuth.server(new TestBackend()).build().start();
        url = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        clients.close();
        server.close();
    }

    @Test
    void holdingWorksWithThisSocketIoClientVersion() {
        assertThat(EventThreadKeepAlive.supported()).isTrue();
    }

    @Test
    void oneEventThreadServesRequestsOneAfterAnotherWhileConnected() {
        IntegrationsClient client = clients.client(url);
        client.connect().orTimeout(10, TimeUnit.SECONDS).join();
        Integration tweets = client.integration(PROJECT, TWEETS);

        Set<Thread> eventThreads = new LinkedHashSet<>();
        for (int i = 0; i < 20; i++) {
            tweets.execute("getUserTweets", Map.of("userId", "123"), Map.of()).orTimeout(5, TimeUnit.SECONDS).join();
            // Between requests the EventThread's queue is empty: without the hold its thread ends here.
            eventThreads.add(eventThread());
        }

        assertThat(eventThreads).hasSize(1);
    }

    @Test
    void theThreadIsLetGoAfterClose() {
        IntegrationsClient client = clients.client(url);
        client.connect().orTimeout(10, TimeUnit.SECONDS).join();
        Thread kept = eventThread();

        client.close();

        // The hold is given back: once idle, socket.io ends the thread as it always did.
        await().atMost(Duration.ofSeconds(10)).until(() -> !kept.isAlive());
    }

    /** The thread that runs socket.io's next task. */
    private static Thread eventThread() {
        CompletableFuture<Thread> current = new CompletableFuture<>();
        EventThread.nextTick(() -> current.complete(Thread.currentThread()));
        return current.orTimeout(5, TimeUnit.SECONDS).join();
    }
}
