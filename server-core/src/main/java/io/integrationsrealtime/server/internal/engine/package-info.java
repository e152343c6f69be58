/**
 * Internal, not API: the Engine.IO v4 / Socket.IO v5 layer that server-core puts in front of
 * netty-socketio's session and namespace machinery, so that a server speaks the protocol as its
 * specifications and the official test suite define it. Types here may change in any release.
 */
package io.integrationsrealtime.server.internal.engine;
