// Server (c): what a team would write by hand with socket.io 4.8 for the integration:execute flow,
// equivalent to server-core for a caller alone in no room: validate, tell the room "started", run
// the (fixed, instant) backend, ack the caller with the completed payload, tell the room a summary.
// No auth, no idempotency store, no replay log, no per-connection limits (server-core has all of
// these). For the fan-out and memory scenarios: integration:join / integration:webhook:subscribe put
// the socket in the room (ack: the room name), and `webhook <i>` on stdin (control.mjs) sends
// integration:webhook:received to the webhook room.
// Usage: node --expose-gc execute-server.mjs <port>; prints "READY <port>" once it listens on
// 127.0.0.1; exits when stdin ends.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Server } from 'socket.io';
import { startControl, webhookData } from './control.mjs';

const ID = /^[0-9a-f]{24}$/;
const ENDPOINT = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const REQUEST_ID = /^[A-Za-z0-9_.:-]{1,64}$/;
// The same data as FixedResultBackend.RESULT on the Java side.
const RESULT = { tweets: [{ id: '1', text: 'hello' }] };

const backend = { execute: async () => RESULT };

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function invalid(request) {
  if (!isObject(request)) return 'payload must be a JSON object';
  if (!ID.test(request.projectId ?? '')) return 'projectId must be 24 lowercase hex characters';
  if (!ID.test(request.integrationId ?? '')) return 'integrationId must be 24 lowercase hex characters';
  if (!ENDPOINT.test(request.endpoint ?? '')) return 'endpoint must match [A-Za-z][A-Za-z0-9_.-]{0,63}';
  if (request.requestId !== undefined && !REQUEST_ID.test(request.requestId)) return 'bad requestId';
  if (request.params !== undefined && !isObject(request.params)) return 'params must be an object';
  return null;
}

const port = Number(process.argv[2]);
const http = createServer();
const io = new Server(http, { perMessageDeflate: false, httpCompression: false, serveClient: false });

function joinRoom(socket, room, ack) {
  socket.join(room);
  if (typeof ack === 'function') ack({ room });
}

io.on('connection', (socket) => {
  socket.on('integration:join', (request, ack) => joinRoom(socket, `integration:${request?.integrationId}`, ack));
  socket.on('integration:webhook:subscribe', (request, ack) =>
    joinRoom(socket, `integration:${request?.integrationId}:webhooks`, ack));
  socket.on('integration:execute', async (request, ack) => {
    const reply = typeof ack === 'function' ? ack : (payload) => socket.emit(
      payload.error ? 'integration:error' : 'integration:execution:completed', payload);
    const problem = invalid(request);
    if (problem) {
      reply({ requestId: request?.requestId, event: 'integration:execute',
        error: { code: 'INVALID_REQUEST', message: problem, retryable: false }, timestamp: new Date().toISOString() });
      return;
    }
    const { integrationId, endpoint } = request;
    const requestId = request.requestId ?? randomUUID();
    const room = `integration:${integrationId}`;
    const executionId = randomUUID();
    socket.to(room).emit('integration:execution:started',
      { integrationId, endpoint, executionId, timestamp: new Date().toISOString() });
    const data = await backend.execute(request);
    const timestamp = new Date().toISOString();
    reply({ integrationId, endpoint, result: { success: true, data }, executionId, requestId, timestamp });
    socket.to(room).emit('integration:execution:completed',
      { integrationId, endpoint, result: { success: true }, executionId, timestamp });
  });
});

const WEBHOOK_INTEGRATION_ID = '64b2c3d4e5f6789012345678';
startControl((i) => io.to(`integration:${WEBHOOK_INTEGRATION_ID}:webhooks`).emit('integration:webhook:received', {
  integrationId: WEBHOOK_INTEGRATION_ID, event: 'bench.tick', data: webhookData(i), timestamp: new Date().toISOString(),
}));

http.listen(port, '127.0.0.1', () => console.log(`READY ${http.address().port}`));
