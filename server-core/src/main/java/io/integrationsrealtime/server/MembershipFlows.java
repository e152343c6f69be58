package io.integrationsrealtime.server;

import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.ErrorInfo;
import io.integrationsrealtime.protocol.Events;
import io.integrationsrealtime.protocol.IntegrationRequest;
import io.integrationsrealtime.protocol.RoomMembership;
import io.integrationsrealtime.protocol.Rooms;
import io.integrationsrealtime.server.spi.IntegrationRef;
import io.integrationsrealtime.server.observe.Refusal;
import io.integrationsrealtime.server.observe.RoomKind;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Join and leave the integration room, subscribe to and unsubscribe from its webhook mirror: the
 * four requests that only move the socket in or out of a room. The socket joins the room's key
 * (project and integration, {@link RoomKeys}); the reply names the room as the wire does.
 */
final class MembershipFlows {

    /** A kind of room: its key on the server, its name on the wire, and its kind for observers. */
    private record Naming(Function<IntegrationRef, String> key, UnaryOperator<String> wireName, RoomKind observed) {
    }

    private static final Naming INTEGRATION = new Naming(RoomKeys::integration, Rooms::integration, RoomKind.INTEGRATION);
    private static final Naming WEBHOOKS = new Naming(RoomKeys::webhooks, Rooms::webhooks, RoomKind.WEBHOOKS);

    private final ServerContext context;

    MembershipFlows(ServerContext context) {
        this.context = context;
    }

    void register() {
        context.listen(Events.JOIN, IntegrationRequest.class, call -> enter(call, INTEGRATION, Events.JOINED));
        context.listen(Events.LEAVE, IntegrationRequest.class, call -> exit(call, INTEGRATION, Events.LEFT));
        context.listen(Events.WEBHOOK_SUBSCRIBE, IntegrationRequest.class, call -> enter(call, WEBHOOKS, Events.WEBHOOK_SUBSCRIBED));
        context.listen(Events.WEBHOOK_UNSUBSCRIBE, IntegrationRequest.class, call -> exit(call, WEBHOOKS, Events.WEBHOOK_UNSUBSCRIBED));
    }

    private void enter(Call<IntegrationRequest> call, Naming kind, String reply) {
        String room = kind.key().apply(call.ref());
        Set<String> rooms = call.client().getAllRooms();
        long joined = rooms.stream().filter(name -> name.startsWith(RoomKeys.PREFIX)).count();
        if (!rooms.contains(room) && joined >= context.limits.maxRooms()) {
            context.refused(Refusal.ROOM_LIMIT);
            call.refuse(ErrorInfo.of(ErrorCode.LIMIT_EXCEEDED, "more than " + context.limits.maxRooms() + " rooms on this connection"));
            return;
        }
        context.ifPermitted(call, () -> {
            if (!call.client().isChannelOpen()) {
                return;  // disconnected while the checks ran: do not put a dead socket in the room
            }
            IntegrationRequest request = call.request();
            context.roomEvents.enter(call.client(), room, request.lastSeq(), (head, replayed, gap) -> {
                call.reply(reply, new RoomMembership(request.integrationId(), request.projectId(),
                        kind.wireName().apply(request.integrationId()), call.requestId(), head, replayed, gap));
                context.replayed(kind.observed(), replayed, gap);
            })
                    .exceptionally(failure -> {
                        call.refuse(Failures.toError(failure, "reading the replay log"));
                        return null;
                    });
        });
    }

    /** Leaving needs no backend: it only ever narrows what the socket receives. */
    private void exit(Call<IntegrationRequest> call, Naming kind, String reply) {
        call.client().leaveRoom(kind.key().apply(call.ref()));
        IntegrationRequest request = call.request();
        call.reply(reply, new RoomMembership(request.integrationId(), request.projectId(),
                kind.wireName().apply(request.integrationId()), call.requestId()));
    }
}
