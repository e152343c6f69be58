package io.integrationsrealtime.server;

import io.integrationsrealtime.protocol.ErrorCode;
import io.integrationsrealtime.protocol.ErrorInfo;
import io.integrationsrealtime.protocol.Events;
import io.integrationsrealtime.protocol.IntegrationRequest;
import io.integrationsrealtime.protocol.RoomMembership;
import io.integrationsrealtime.protocol.Rooms;
import io.integrationsrealtime.server.observe.Refusal;
import io.integrationsrealtime.server.observe.RoomKind;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Join and leave the integration room, subscribe to and unsubscribe from its webhook mirror: the
 * four requests that only move the socket in or out of a room.
 */
final class MembershipFlows {

    private final ServerContext context;

    MembershipFlows(ServerContext context) {
        this.context = context;
    }

    void register() {
        context.listen(Events.JOIN, IntegrationRequest.class, call -> enter(call, Rooms::integration, Events.JOINED));
        context.listen(Events.LEAVE, IntegrationRequest.class, call -> exit(call, Rooms::integration, Events.LEFT));
        context.listen(Events.WEBHOOK_SUBSCRIBE, IntegrationRequest.class, call -> enter(call, Rooms::webhooks, Events.WEBHOOK_SUBSCRIBED));
        context.listen(Events.WEBHOOK_UNSUBSCRIBE, IntegrationRequest.class, call -> exit(call, Rooms::webhooks, Events.WEBHOOK_UNSUBSCRIBED));
    }

    private void enter(Call<IntegrationRequest> call, UnaryOperator<String> roomOf, String reply) {
        String room = roomOf.apply(call.integrationId());
        Set<String> rooms = call.client().getAllRooms();
        long joined = rooms.stream().filter(name -> name.startsWith(Rooms.PREFIX)).count();
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
                call.reply(reply, new RoomMembership(request.integrationId(), request.projectId(), room,
                        call.requestId(), head, replayed, gap));
                context.replayed(Events.JOINED.equals(reply) ? RoomKind.INTEGRATION : RoomKind.WEBHOOKS, replayed, gap);
            })
                    .exceptionally(failure -> {
                        call.refuse(Failures.toError(failure, "reading the replay log"));
                        return null;
                    });
        });
    }

    /** Leaving needs no backend: it only ever narrows what the socket receives. */
    private void exit(Call<IntegrationRequest> call, UnaryOperator<String> roomOf, String reply) {
        String room = roomOf.apply(call.integrationId());
        call.client().leaveRoom(room);
        call.reply(reply, membership(call, room));
    }

    private static RoomMembership membership(Call<IntegrationRequest> call, String room) {
        IntegrationRequest request = call.request();
        return new RoomMembership(request.integrationId(), request.projectId(), room, call.requestId());
    }
}
