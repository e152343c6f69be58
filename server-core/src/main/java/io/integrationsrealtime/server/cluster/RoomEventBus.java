package io.integrationsrealtime.server.cluster;

import io.integrationsrealtime.server.store.ReplayLog;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongFunction;

/**
 * How room events are numbered, logged for replay and carried to the sockets of every node. The
 * default keeps all of it in this process; a cluster implementation (such as the server-redis
 * module) shares the numbering and the log between nodes and delivers every event to every node
 * that serves the room (see {@link #serve}).
 *
 * <p>Contract, for each room: sequence numbers rise by one per event, and a new sequence (a room
 * never seen, or whose counter was lost) starts above any number the room had before (the
 * built-in buses start at the current time in milliseconds x 1000), below 2^53; every serving node's
 * {@link Delivery} receives the room's events in sequence order, each at most once; the log answers
 * {@link #since} with what it still holds. Methods never block the calling thread (it may be a
 * netty event loop): slow work completes the returned stage later, on any thread. A failed stage
 * carries the reason; an {@code IntegrationFailure} with code {@code UNAVAILABLE} reaches the
 * client as such.
 *
 * <p>This is a service provider interface: hosts pass an implementation to
 * {@code IntegrationsServer.Builder.roomEventBus}, e.g. the server-redis module's
 * {@code RedisBackplane.eventBus()}, and only implement it to carry events over another broker.
 *
 * <p>A room is named by the server's key for it, which includes the project:
 * {@code project:<projectId>:integration:<integrationId>} and
 * {@code project:<projectId>:integration:<integrationId>:webhooks} (ids are 24 lowercase hex
 * characters, so keys hold no space or newline). Implementations treat it as opaque and keep
 * rooms apart by the whole key: two projects may have integrations with the same id.
 */
public interface RoomEventBus extends AutoCloseable {

    /**
     * Called once by the server, before any other method: where this node's copies of events go.
     *
     * @param delivery the server's side, to be called per room in sequence order
     */
    void start(Delivery delivery);

    /**
     * Gives the event the room's next sequence number, logs it and delivers it to every node.
     * Completes with the number once the event is logged (delivery may still be under way).
     *
     * @param publication the room, event, payload and the socket to leave out
     * @return completes with the event's sequence number, or fails (an {@code IntegrationFailure}
     *         with {@code UNAVAILABLE} when the shared store is unreachable)
     */
    CompletionStage<Long> publish(Publication publication);

    /**
     * Publishes the {@code started} event of a run (an execute or a test) and keeps the run on
     * record until its end is published with {@link #publishRunEnd}. Should this node die first,
     * another node publishes {@code interrupted} in its place, so that every run announced in a
     * room gets one terminal event there. The default publishes {@code started} alone: a single
     * node takes its rooms down with it.
     *
     * @param runId       the run's id (its executionId), unique in the cluster
     * @param started     the run's {@code started} event
     * @param interrupted the terminal event for everyone in the room if this node dies first
     * @return completes with the {@code started} event's sequence number once it is logged, or
     *         fails as {@link #publish} does
     */
    default CompletionStage<Long> publishRunStart(String runId, Publication started, Publication interrupted) {
        return publish(started);
    }

    /**
     * Publishes the terminal event of a run announced with {@link #publishRunStart}, unless another
     * node has already announced it interrupted (this node was taken for dead): then nothing is
     * published and the stage completes with 0.
     *
     * @param runId the run's id, as given to {@link #publishRunStart}
     * @param ended the run's {@code completed} or {@code failed} event
     * @return completes with the event's sequence number, or 0 when it was not published
     */
    default CompletionStage<Long> publishRunEnd(String runId, Publication ended) {
        return publish(ended);
    }

    /**
     * The events after {@code lastSeq} that the log still holds, oldest first, and whether some are lost.
     *
     * @param room    the room's key
     * @param lastSeq the last number the client saw
     * @return completes with the replay and the room's head, or fails when the log is unreachable
     */
    CompletionStage<ReplayLog.Replay> since(String room, long lastSeq);

    /**
     * The room's latest sequence number; a room without a sequence starts one (see
     * {@link ReplayLog#head}), so that the events after the number answered are the room's first.
     *
     * @param room the room's key
     * @return completes with the number, or fails when the log is unreachable
     */
    CompletionStage<Long> head(String room);

    /**
     * Says that a socket of this node is entering {@code room}: from the moment the returned stage
     * completes, the room's events reach this node's {@link Delivery}. The server calls it before
     * it reads the socket's replay ({@link #since} or {@link #head}), so that nothing published
     * between the read and the first live event is missed. A bus that carries only the rooms a node
     * serves (the server-redis module's per-room channels) subscribes here, and may stop once
     * {@link Delivery#serves} answers false; the default, for buses that carry every room to every
     * node, completes at once.
     *
     * @param room the room's key
     * @return completes once the room's events published from now on reach this node, or fails
     *         (as {@link #since} does) when the bus cannot subscribe
     */
    default CompletionStage<Void> serve(String room) {
        return CompletableFuture.completedFuture(null);
    }

    /** Stops delivering and releases connections; the default does nothing. */
    @Override
    default void close() {
    }

    /**
     * An event to publish.
     *
     * @param room          the room's key (see above), not the wire's room name
     * @param event         the event's name, e.g. {@code integration:webhook:received}
     * @param payloadForSeq the payload carrying a given sequence number in its top-level
     *                      {@code seq} field. An implementation that learns the number elsewhere
     *                      (in Redis) may call it with a placeholder, send the JSON on and set
     *                      {@code seq} on each node.
     * @param excludedSessionId the socket that must not receive it (it got its own copy), or null
     */
    record Publication(String room, String event, LongFunction<?> payloadForSeq, String excludedSessionId) {
    }

    /** This node's side of delivery: hands an event to the room's local sockets. */
    @FunctionalInterface
    interface Delivery {

        /**
         * Sends {@code entry} to the sockets of {@code room} on this node, except the one with
         * {@code excludedSessionId}. Called per room in sequence order. Returns whether this node
         * has anyone in the room (an implementation may stop tracking rooms that nobody here uses).
         *
         * @param room              the room's name
         * @param entry             the numbered event, its payload carrying {@code seq}
         * @param excludedSessionId the socket that must not receive it, or {@code null}
         * @return whether any socket of this node is in the room, or entering it
         */
        boolean deliver(String room, ReplayLog.Entry entry, String excludedSessionId);

        /**
         * {@link #deliver(String, ReplayLog.Entry, String)} for an event published on this node:
         * the node's own delivery may take what it needs from the publication it made (the
         * excluded socket itself) instead of looking it up again by its id.
         *
         * @param room        the room's name
         * @param entry       the numbered event
         * @param publication the publication this node passed to {@link #publish}
         * @return whether any socket of this node is in the room, or entering it
         */
        default boolean deliver(String room, ReplayLog.Entry entry, Publication publication) {
            return deliver(room, entry, publication.excludedSessionId());
        }

        /**
         * Tells the server that the bus's shared store became unreachable, or reachable again, so
         * that its state and health show it ({@code IntegrationsServer.backplaneAvailable()}).
         * A bus calls it once per change, from any thread; a bus that cannot fail never does.
         *
         * @param available false at the start of an outage, true once it is over
         */
        default void availabilityChanged(boolean available) {
        }

        /**
         * Whether any socket of this node is in {@code room} or entering it: a bus that carries
         * only the rooms a node serves (see {@link RoomEventBus#serve}) asks before it stops
         * carrying a room. The default answers true (keep carrying).
         *
         * @param room the room's key
         * @return whether this node still needs the room's events
         */
        default boolean serves(String room) {
            return true;
        }
    }
}
