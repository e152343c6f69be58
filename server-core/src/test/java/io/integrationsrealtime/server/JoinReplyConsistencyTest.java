package io.integrationsrealtime.server;

import static io.integrationsrealtime.server.TestBackend.PROJECT;
import static io.integrationsrealtime.server.TestBackend.TWEETS;
import static org.assertj.core.api.Assertions.assertThat;

import io.integrationsrealtime.protocol.Events;
import io.integrationsrealtime.server.cluster.RoomEventBus;
import io.integrationsrealtime.server.store.InMemoryReplayLog;
import io.integrationsrealtime.server.store.ReplayLog;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A join's reply tells the room's {@code seq} the socket is accounted up to. Events published
 * while the replay was being read (a cluster's log answers over the network) reach the socket
 * before the reply, so the reply must not name a lower number than the socket already got: a
 * client taking it as its last seen event would go back and accept repeats.
 */
class JoinReplyConsistencyTest {

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void eventsPublishedWhileTheReplayIsRead_areCountedInTheReplysSeq_withAndWithoutAGap() throws Exception {
        SlowReplayBus bus = new SlowReplayBus(new LocalRoomEventBus(
                new InMemoryReplayLog(2, Duration.ofMinutes(1), Clock.systemUTC())));
        IntegrationsServer server = TestAuth.server(new TestBackend()).roomEventBus(bus).build().start();
        toClose.add(server);
        long head = 0;
        for (int n = 1; n <= 3; n++) {
            head = server.publishUsage(TestBackend.TWEETS_REF, Map.of("n", n)).seq();
        }

        for (boolean gap : new boolean[] {true, false}) {
            long lastSeen = gap ? head - 3 : head - 1;   // the log keeps the last 2: head - 2 is lost
            RawClient client = new RawClient(server.port(), List.of(Events.USAGE_UPDATED)).connect();
            toClose.add(client);
            CompletableFuture<Void> release = bus.holdNextReplay();
            CompletableFuture<Object> reply = client.request(Events.JOIN,
                    new JSONObject().put("projectId", PROJECT).put("integrationId", TWEETS).put("lastSeq", lastSeen));
            bus.replayRequested.get(5, TimeUnit.SECONDS);
            long newest = 0;
            for (int n = 0; n < 3; n++) {   // published after the log was read: held for the entering socket
                newest = server.publishUsage(TestBackend.TWEETS_REF, Map.of("n", 10 + n)).seq();
            }
            head = newest;
            release.complete(null);

            JSONObject joined = (JSONObject) reply.get(5, TimeUnit.SECONDS);
            long delivered = 0;
            while (client.pending(Events.USAGE_UPDATED) > 0) {
                delivered = Math.max(delivered, client.next(Events.USAGE_UPDATED).getLong("seq"));
            }
            assertThat(joined.getBoolean("gap")).isEqualTo(gap);
            assertThat(delivered).isEqualTo(newest);
            assertThat(joined.getLong("seq")).as("the reply's seq against the newest event sent before it").isEqualTo(newest);
        }
    }

    @Test
    void joiningARoomWithNoEventsYet_thenRejoiningWithTheRepliedSeq_replaysEverythingWithoutAGap() {
        IntegrationsServer server = TestAuth.server(new TestBackend()).build().start();
        toClose.add(server);
        RawClient client = new RawClient(server.port(), List.of(Events.USAGE_UPDATED)).connect();
        toClose.add(client);
        JSONObject ids = new JSONObject().put("projectId", PROJECT).put("integrationId", TWEETS);
        long head = client.requestJson(Events.JOIN, ids).getLong("seq");
        client.requestJson(Events.LEAVE, ids);

        for (int n = 1; n <= 3; n++) {
            server.publishUsage(TestBackend.TWEETS_REF, Map.of("n", n));
        }
        JSONObject rejoined = client.requestJson(Events.JOIN, new JSONObject(ids.toString()).put("lastSeq", head));

        assertThat(rejoined.getInt("replayed")).isEqualTo(3);
        assertThat(rejoined.getBoolean("gap")).as("the first events of the room were all replayed").isFalse();
    }

    /** The in-memory bus, whose replay reads answer only when the test says so (as a slow network would). */
    private static final class SlowReplayBus implements RoomEventBus {
        private final RoomEventBus local;
        private volatile CompletableFuture<Void> release = CompletableFuture.completedFuture(null);
        private volatile CompletableFuture<Void> replayRequested = new CompletableFuture<>();

        private SlowReplayBus(RoomEventBus local) {
            this.local = local;
        }

        CompletableFuture<Void> holdNextReplay() {
            replayRequested = new CompletableFuture<>();
            release = new CompletableFuture<>();
            return release;
        }

        @Override
        public void start(Delivery delivery) {
            local.start(delivery);
        }

        @Override
        public CompletionStage<Long> publish(Publication publication) {
            return local.publish(publication);
        }

        @Override
        public CompletionStage<ReplayLog.Replay> since(String room, long lastSeq) {
            CompletionStage<ReplayLog.Replay> readNow = local.since(room, lastSeq);
            replayRequested.complete(null);
            return release.thenCombineAsync(readNow, (released, replay) -> replay);
        }

        @Override
        public CompletionStage<Long> head(String room) {
            return local.head(room);
        }
    }
}
