/**
 * The wire protocol as Java records, shared by server and client: every event name
 * ({@link io.integrationsrealtime.protocol.Events}), every payload, the error model
 * ({@link io.integrationsrealtime.protocol.ErrorCode}, {@link io.integrationsrealtime.protocol.ErrorInfo})
 * and the request rules both sides check ({@link io.integrationsrealtime.protocol.RequestRules}).
 *
 * <p>The records carry their Jackson annotations (timestamp format, omitted nulls, unknown fields
 * ignored), so any {@code ObjectMapper} writes and reads the same JSON;
 * {@link io.integrationsrealtime.protocol.ProtocolJson} adds the strict reading the server uses.
 * Records are immutable: their free-form JSON objects ({@code params}, {@code data},
 * {@code usage}, ...) are deep unmodifiable copies. {@code docs/protocol.md} has the shapes on the
 * wire and who receives each event.
 */
package io.integrationsrealtime.protocol;
