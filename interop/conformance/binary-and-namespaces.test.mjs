// The official socket.io-client v4 against server-core standalone and attached to a host's
// netty-socketio server, over websocket and over long-polling: byte arrays go both ways intact,
// and an unknown namespace is refused with a connect_error the client understands. Driven by the
// JUnit test JsClientConformanceTest, which starts both servers and sets STANDALONE_URL and
// ATTACHED_URL (the latter with the namespace path).
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { io } from "socket.io-client";
import { connect, ids, requireEnv, withTimeout, TOKEN, TWEETS_ID, WAIT_MS } from "../lib/wire.mjs";

const SERVERS = { standalone: requireEnv("STANDALONE_URL"), attached: requireEnv("ATTACHED_URL") };
const TRANSPORTS = { websocket: ["websocket"], polling: ["polling"], "polling, then the upgrade": ["polling", "websocket"] };

const sockets = [];
after(() => sockets.forEach((s) => s.close()));

function bytes(value) {
  return [...new Uint8Array(value.buffer ?? value, value.byteOffset ?? 0, value.byteLength)];
}

for (const [server, url] of Object.entries(SERVERS)) {
  for (const [transport, transports] of Object.entries(TRANSPORTS)) {
    describe(`${server} server, ${transport}`, () => {
      it("binary params and requestData reach the backend as byte[], and come back as Buffers", async () => {
        const socket = await connect(url, { transports });
        sockets.push(socket);
        const media = Uint8Array.from([0, 1, 2, 254, 255, 42]);
        const reply = await socket.request("integration:execute", {
          ...ids(TWEETS_ID), endpoint: "echo", requestId: `bin-${server}-${transports.join("-")}`,
          params: { media, name: "photo.bin", nested: { buffer: Buffer.from("hé") } },
          requestData: { raw: media.buffer },
        });

        assert.equal(reply.error, undefined, JSON.stringify(reply.error));
        const data = reply.result.data;
        assert.deepEqual(data.javaTypes, { media: "byte[]", name: "String", nested: "Map" });
        assert.ok(Buffer.isBuffer(data.params.media), "a byte[] in a result arrives as a Buffer");
        assert.deepEqual(bytes(data.params.media), [0, 1, 2, 254, 255, 42]);
        assert.equal(data.params.name, "photo.bin");
        assert.deepEqual(bytes(data.params.nested.buffer), [...Buffer.from("hé")]);
        assert.deepEqual(bytes(data.requestData.raw), [0, 1, 2, 254, 255, 42]);
      });

      it("an unknown namespace is refused with connect_error 'Invalid namespace'", async () => {
        const base = new URL(url);
        const socket = io(`${base.origin}/no-such-namespace`, {
          auth: { token: TOKEN }, transports, reconnection: false, forceNew: true,
        });
        try {
          const error = await withTimeout(new Promise((resolve, reject) => {
            socket.once("connect_error", resolve);
            socket.once("connect", () => reject(new Error("connected to an unknown namespace")));
          }), WAIT_MS, "connect_error");
          assert.equal(error.message, "Invalid namespace");
        } finally {
          socket.close();
        }
      });
    });
  }
}
