package io.integrationsrealtime.server;

import io.integrationsrealtime.protocol.Events;
import io.integrationsrealtime.protocol.IntegrationRequest;
import io.integrationsrealtime.protocol.StatusResponse;
import io.integrationsrealtime.protocol.Timestamps;

/** Status: asks the host and answers the caller only. */
final class StatusFlow {

    private final ServerContext context;

    StatusFlow(ServerContext context) {
        this.context = context;
    }

    void register() {
        context.listen(Events.STATUS, IntegrationRequest.class, this::status);
    }

    private void status(Call<IntegrationRequest> call) {
        context.ifPermitted(call, () -> ServerContext.invoke(() -> context.backend.status(call.ref()))
                .whenComplete((status, failure) -> {
                    if (failure != null) {
                        call.refuse(Failures.toError(failure, "status of integration " + call.integrationId()));
                    } else if (status == null) {
                        call.refuse(Failures.toError(new IllegalStateException("null status"), "status"));
                    } else {
                        call.reply(Events.STATUS_RESPONSE,
                                new StatusResponse(call.integrationId(), status, call.requestId(), Timestamps.now()));
                    }
                }));
    }
}
