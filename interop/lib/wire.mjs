// Helpers shared by the interop tests: connect like any JS user would, record every event a socket
// receives, and wait for the next one with a deadline (no sleeps).
import { io } from "socket.io-client";
import assert from "node:assert/strict";

/** The demo server's token, sent in the Socket.IO v4 auth payload. */
export const TOKEN = "demo-token";
export const PROJECT_ID = "6958511e8397f2dfa88090d8";
export const TWEETS_ID = "64b2c3d4e5f6789012345678";
export const PAYMENTS_ID = "64b2c3d4e5f6789012345679";
export const CHAT_ID = "64b2c3d4e5f678901234567a";
export const WAIT_MS = 5000;

/** ISO-8601 UTC with milliseconds, as the protocol sends every timestamp. */
export const ISO_MILLIS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

export function requireEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`set ${name} (the JUnit driver JsClientInteropTest does)`);
  return value;
}

/** A connected socket.io-client socket plus a recorder of everything it receives. */
export async function connect(url, options = {}) {
  const socket = io(url, {
    auth: { token: TOKEN },
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    ...options,
  });
  const recorder = new Recorder(socket);
  await withTimeout(new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  }), WAIT_MS, `connect to ${url}`);
  return recorder;
}

export function withTimeout(promise, ms, what) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

export class Recorder {
  constructor(socket) {
    this.socket = socket;
    this.queues = new Map();   // event -> payloads not yet taken
    this.waiters = [];         // { event, match, resolve }
    socket.onAny((event, payload) => this.#arrive(event, payload));
  }

  #arrive(event, payload) {
    const waiter = this.waiters.find((w) => w.event === event && w.match(payload));
    if (waiter) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve(payload);
      return;
    }
    if (!this.queues.has(event)) this.queues.set(event, []);
    this.queues.get(event).push(payload);
  }

  /** The next payload of `event` (optionally the next one matching), waiting up to `ms`. */
  next(event, match = () => true, ms = WAIT_MS) {
    const queue = this.queues.get(event) || [];
    const index = queue.findIndex(match);
    if (index >= 0) return Promise.resolve(queue.splice(index, 1)[0]);
    let waiter;
    const arrival = new Promise((resolve) => {
      waiter = { event, match, resolve };
      this.waiters.push(waiter);
    });
    return withTimeout(arrival, ms, event).catch((error) => {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      throw error;
    });
  }

  /** How many `event` payloads arrived and were not taken. */
  pending(event) {
    return (this.queues.get(event) || []).length;
  }

  /** Emits with a Socket.IO ack; resolves with the ack's single argument. */
  request(event, payload, ms = WAIT_MS) {
    return this.socket.timeout(ms).emitWithAck(event, payload);
  }

  /** Emits without an ack, as a seed-only client does. */
  emit(event, payload) {
    this.socket.emit(event, payload);
  }

  /**
   * A round trip on this socket: events on one socket arrive in order, so once its ack is in,
   * any event sent to this socket before it is in too.
   */
  async settle() {
    await this.request("integration:status", ids(TWEETS_ID));
  }

  close() {
    this.socket.close();
  }
}

export function ids(integrationId, projectId = PROJECT_ID) {
  return { projectId, integrationId };
}

/**
 * Asserts the object has every key of `required` and none of `forbidden`. Other keys are allowed:
 * protocol.md lets the server add optional fields, and a seed-only client must ignore them.
 */
export function assertKeys(object, required, forbidden = [], what = "payload") {
  assert.ok(object && typeof object === "object" && !Array.isArray(object), `${what} is an object: ${JSON.stringify(object)}`);
  const keys = Object.keys(object);
  for (const key of required) assert.ok(keys.includes(key), `${what} has '${key}': ${JSON.stringify(object)}`);
  for (const key of forbidden) assert.ok(!keys.includes(key), `${what} has no '${key}': ${JSON.stringify(object)}`);
}

export function assertTimestamp(value, what = "timestamp") {
  assert.match(value, ISO_MILLIS, `${what} is ISO-8601 UTC with millis`);
}

export function assertPlainObject(value, what) {
  assert.ok(value !== null && typeof value === "object" && !Array.isArray(value), `${what} is a JSON object: ${JSON.stringify(value)}`);
}
