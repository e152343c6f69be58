// Every flow of docs/protocol.md, walked by the official socket.io-client v4 against server-core
// running the demo backend, checking the seed's JSON shapes field by field. Driven by the JUnit
// test JsClientInteropTest, which starts the demo server and sets SOCKET_URL, HTTP_URL and
// WEBHOOK_SECRET.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHmac, randomUUID } from "node:crypto";
import {
  connect, ids, requireEnv, assertKeys, assertTimestamp, assertPlainObject,
  PROJECT_ID, TWEETS_ID, PAYMENTS_ID, CHAT_ID,
} from "../lib/wire.mjs";

const SOCKET_URL = requireEnv("SOCKET_URL");
const HTTP_URL = requireEnv("HTTP_URL");
const WEBHOOK_SECRET = requireEnv("WEBHOOK_SECRET");
const UNKNOWN_ID = "aaaaaaaaaaaaaaaaaaaaaaaa";

const MEMBERSHIP = ["integrationId", "projectId", "room"];
const STARTED = ["integrationId", "endpoint", "executionId", "timestamp"];
const COMPLETED = ["integrationId", "endpoint", "result", "executionId", "timestamp"];
const FAILED = ["integrationId", "endpoint", "error", "executionId", "timestamp"];
const ERROR_INFO = ["code", "message", "retryable"];
const ERROR_REPLY = ["event", "error", "timestamp"];

const sockets = [];
async function client(options) {
  const socket = await connect(SOCKET_URL, options);
  sockets.push(socket);
  return socket;
}
after(() => sockets.forEach((s) => s.close()));

function execute(integrationId, endpoint, params = {}, extra = {}) {
  return { ...ids(integrationId), endpoint, params, requestData: {}, ...extra };
}

function assertMembership(payload, integrationId, room, requestId) {
  assertKeys(payload, MEMBERSHIP, [], "membership");
  assert.equal(payload.integrationId, integrationId);
  assert.equal(payload.projectId, PROJECT_ID);
  assert.equal(payload.room, room);
  if (requestId) assert.equal(payload.requestId, requestId);
}

function assertFullCompleted(payload, integrationId, endpoint, requestId) {
  assertKeys(payload, [...COMPLETED, "requestId"], [], "caller's completed");
  assert.equal(payload.integrationId, integrationId);
  assert.equal(payload.endpoint, endpoint);
  assert.deepEqual(Object.keys(payload.result).sort(), ["data", "success"], "result has success and data");
  assert.equal(payload.result.success, true);
  assertPlainObject(payload.result.data, "result.data");
  assert.equal(typeof payload.executionId, "string");
  if (requestId) assert.equal(payload.requestId, requestId);
  assertTimestamp(payload.timestamp);
}

function assertSummary(payload, integrationId, endpoint, executionId) {
  assertKeys(payload, COMPLETED, ["requestId"], "summary completed");
  assert.equal(payload.integrationId, integrationId);
  assert.equal(payload.endpoint, endpoint);
  assert.deepEqual(payload.result, { success: true }, "a summary's result has only success");
  assert.equal(payload.executionId, executionId);
  assertTimestamp(payload.timestamp);
}

function assertStarted(payload, integrationId, endpoint, { withRequestId } = {}) {
  assertKeys(payload, withRequestId ? [...STARTED, "requestId"] : STARTED, withRequestId ? [] : ["requestId"], "started");
  assert.equal(payload.integrationId, integrationId);
  assert.equal(payload.endpoint, endpoint);
  assertTimestamp(payload.timestamp);
}

function assertErrorInfo(error, code, { details } = {}) {
  assertKeys(error, ERROR_INFO, [], "error");
  assert.equal(error.code, code);
  assert.equal(typeof error.message, "string");
  assert.ok(error.message.length > 0, "error.message is not empty");
  assert.equal(typeof error.retryable, "boolean");
  if (details === false) assert.ok(!("details" in error), "no details for others");
}

function assertRefusal(reply, event, code, requestId) {
  assertKeys(reply, ERROR_REPLY, [], "error reply");
  assert.equal(reply.event, event);
  assertErrorInfo(reply.error, code);
  assertTimestamp(reply.timestamp);
  if (requestId) assert.equal(reply.requestId, requestId);
}

function stripeSignature(body) {
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac("sha256", WEBHOOK_SECRET).update(`${t}.${body}`).digest("hex");
  return `t=${t},v1=${v1}`;
}

async function postWebhook(body) {
  const response = await fetch(`${HTTP_URL}/webhooks/${PAYMENTS_ID}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "Stripe-Signature": stripeSignature(body) },
    body,
    signal: AbortSignal.timeout(5000),
  });
  assert.equal(response.status, 200);
  return response.json();
}

before(async () => {
  // Fail fast, with the URL in the message, when the server is not there.
  const probe = await connect(SOCKET_URL);
  probe.close();
});

describe("join and leave", () => {
  it("join without an ack answers integration:joined with the seed shape", async () => {
    const alice = await client();
    alice.emit("integration:join", ids(TWEETS_ID));
    const joined = await alice.next("integration:joined");
    assertMembership(joined, TWEETS_ID, `integration:${TWEETS_ID}`);
    assert.equal(typeof joined.requestId, "string", "the server makes up a requestId");
  });

  it("join with an ack answers in the ack only, echoing the requestId", async () => {
    const alice = await client();
    const ack = await alice.request("integration:join", { ...ids(TWEETS_ID), requestId: "js-join-1" });
    assertMembership(ack, TWEETS_ID, `integration:${TWEETS_ID}`, "js-join-1");
    await alice.settle();
    assert.equal(alice.pending("integration:joined"), 0, "no caller event as well as the ack");
  });

  it("leave answers integration:left and stops room events", async () => {
    const alice = await client();
    const bob = await client();
    await alice.request("integration:join", ids(TWEETS_ID));
    alice.emit("integration:leave", ids(TWEETS_ID));
    assertMembership(await alice.next("integration:left"), TWEETS_ID, `integration:${TWEETS_ID}`);

    const done = await bob.request("integration:execute", execute(TWEETS_ID, "searchTweets", { q: "x" }));
    assert.equal(done.result.success, true);
    await alice.settle();
    assert.equal(alice.pending("integration:execution:started"), 0);
    assert.equal(alice.pending("integration:usage:updated"), 0);
  });
});

describe("execute", () => {
  it("seed style: the caller gets the full completed event, a second client sees started and the summary", async () => {
    const alice = await client();
    const bob = await client();
    await alice.request("integration:join", ids(TWEETS_ID));
    await bob.request("integration:join", ids(TWEETS_ID));

    alice.emit("integration:execute", execute(TWEETS_ID, "getUserTweets", { userId: "123" }, { requestId: "js-exec-1" }));

    const completed = await alice.next("integration:execution:completed");
    assertFullCompleted(completed, TWEETS_ID, "getUserTweets", "js-exec-1");
    assert.equal(completed.result.data.userId, "123");
    assert.ok(Array.isArray(completed.result.data.tweets) && completed.result.data.tweets.length > 0);

    const started = await bob.next("integration:execution:started", (p) => p.executionId === completed.executionId);
    assertStarted(started, TWEETS_ID, "getUserTweets");
    const summary = await bob.next("integration:execution:completed", (p) => p.executionId === completed.executionId);
    assertSummary(summary, TWEETS_ID, "getUserTweets", completed.executionId);

    await alice.settle();
    assert.equal(alice.pending("integration:execution:started"), 0, "the caller gets its own events once");
    assert.equal(alice.pending("integration:execution:completed"), 0);
  });

  it("with an ack: the outcome is the ack, and no caller event is sent as well", async () => {
    const alice = await client();
    const ack = await alice.request("integration:execute",
      execute(TWEETS_ID, "searchTweets", { q: "realtime" }, { requestId: "js-exec-2" }));
    assertFullCompleted(ack, TWEETS_ID, "searchTweets", "js-exec-2");
    assert.equal(ack.result.data.query, "realtime");
    await alice.settle();
    assert.equal(alice.pending("integration:execution:completed"), 0);
  });

  it("a failed run: the caller gets details, the room does not", async () => {
    const alice = await client();
    const bob = await client();
    await bob.request("integration:join", ids(TWEETS_ID));

    alice.emit("integration:execute", execute(TWEETS_ID, "getUserTweets", { userId: "0" }, { requestId: "js-fail-1" }));

    const failed = await alice.next("integration:execution:failed");
    assertKeys(failed, [...FAILED, "requestId"], [], "caller's failed");
    assert.equal(failed.requestId, "js-fail-1");
    assertErrorInfo(failed.error, "UPSTREAM_ERROR");
    assert.equal(failed.error.retryable, false);
    assert.equal(failed.error.details.status, 404);
    assertTimestamp(failed.timestamp);

    const seen = await bob.next("integration:execution:failed", (p) => p.executionId === failed.executionId);
    assertKeys(seen, FAILED, ["requestId"], "others' failed");
    assertErrorInfo(seen.error, "UPSTREAM_ERROR", { details: false });
  });

  it("an inactive integration fails with INTEGRATION_INACTIVE", async () => {
    const alice = await client();
    const ack = await alice.request("integration:execute", execute(CHAT_ID, "postMessage", { text: "hi" }));
    assertKeys(ack, [...FAILED, "requestId"], [], "failed ack");
    assertErrorInfo(ack.error, "INTEGRATION_INACTIVE");
  });
});

describe("test (health check)", () => {
  it("seed style: test:started to caller and room, then test:completed (full for the caller, summary for others)", async () => {
    const alice = await client();
    const bob = await client();
    await bob.request("integration:join", ids(TWEETS_ID));

    alice.emit("integration:test", { ...ids(TWEETS_ID), endpoint: "healthCheck" });

    const started = await alice.next("integration:test:started");
    assertStarted(started, TWEETS_ID, "healthCheck", { withRequestId: true });
    const completed = await alice.next("integration:test:completed");
    assertFullCompleted(completed, TWEETS_ID, "healthCheck");
    assert.equal(completed.executionId, started.executionId);
    assert.equal(completed.result.data.healthy, true);

    const othersStarted = await bob.next("integration:test:started", (p) => p.executionId === started.executionId);
    assertStarted(othersStarted, TWEETS_ID, "healthCheck");
    const summary = await bob.next("integration:test:completed", (p) => p.executionId === started.executionId);
    assertSummary(summary, TWEETS_ID, "healthCheck", started.executionId);
  });

  it("with an ack and no endpoint: the ack is the completed event; an inactive integration fails", async () => {
    const alice = await client();
    const ok = await alice.request("integration:test", ids(PAYMENTS_ID));
    assertFullCompleted(ok, PAYMENTS_ID, "healthCheck");

    const failed = await alice.request("integration:test", ids(CHAT_ID));
    assertKeys(failed, [...FAILED, "requestId"], [], "failed test");
    assertErrorInfo(failed.error, "INTEGRATION_INACTIVE");
  });
});

describe("status", () => {
  it("seed style: integration:status:response with isActive, usage, rateLimit, lastUsed", async () => {
    const alice = await client();
    await alice.request("integration:execute", execute(TWEETS_ID, "searchTweets"));
    alice.emit("integration:status", ids(TWEETS_ID));

    const response = await alice.next("integration:status:response");
    assertKeys(response, ["integrationId", "status", "timestamp"], [], "status response");
    assert.equal(response.integrationId, TWEETS_ID);
    assertTimestamp(response.timestamp);
    assertKeys(response.status, ["isActive", "usage", "rateLimit", "lastUsed"], [], "status");
    assert.equal(response.status.isActive, true);
    assertPlainObject(response.status.usage, "usage");
    assert.ok(response.status.usage.requests >= 1);
    assertKeys(response.status.rateLimit, ["limit", "remaining", "resetAt"], [], "rateLimit");
    assert.equal(response.status.rateLimit.limit, 900);
    assert.ok(response.status.rateLimit.remaining < 900);
    assertTimestamp(response.status.rateLimit.resetAt, "rateLimit.resetAt");
    assertTimestamp(response.status.lastUsed, "lastUsed");
  });

  it("with an ack: an inactive integration has rateLimit null", async () => {
    const alice = await client();
    const ack = await alice.request("integration:status", { ...ids(CHAT_ID), requestId: "js-status-1" });
    assertKeys(ack, ["integrationId", "status", "timestamp", "requestId"], [], "status ack");
    assert.equal(ack.requestId, "js-status-1");
    assert.equal(ack.status.isActive, false);
    assert.equal(ack.status.rateLimit, null);
    assert.ok("lastUsed" in ack.status, "lastUsed is always present");
  });
});

describe("webhook mirror", () => {
  it("seed style: subscribe, then the provider's webhooks arrive as integration:webhook:received", async () => {
    const alice = await client();
    const joinedOnly = await client();
    await joinedOnly.request("integration:join", ids(PAYMENTS_ID));

    alice.emit("integration:webhook:subscribe", ids(PAYMENTS_ID));
    assertMembership(await alice.next("integration:webhook:subscribed"), PAYMENTS_ID, `integration:${PAYMENTS_ID}:webhooks`);

    const webhook = await alice.next("integration:webhook:received");
    assertKeys(webhook, ["integrationId", "event", "data", "timestamp"], [], "webhook");
    assert.equal(webhook.integrationId, PAYMENTS_ID);
    assert.match(webhook.event, /^stripe\./);
    assertPlainObject(webhook.data, "webhook data");
    assertTimestamp(webhook.timestamp);

    await joinedOnly.settle();
    assert.equal(joinedOnly.pending("integration:webhook:received"), 0, "joining the room is not subscribing");
  });

  it("a signed POST to the demo's webhook ingress reaches subscribers; unsubscribe stops them", async () => {
    const alice = await client();
    const subscribed = await alice.request("integration:webhook:subscribe", { ...ids(PAYMENTS_ID), requestId: "js-sub-1" });
    assertMembership(subscribed, PAYMENTS_ID, `integration:${PAYMENTS_ID}:webhooks`, "js-sub-1");

    const invoiceId = "in_js_" + randomUUID().slice(0, 8);
    const body = JSON.stringify({ id: "evt_" + randomUUID(), type: "stripe.invoice.paid", data: { invoiceId, amountPaid: 4900 } });
    assert.deepEqual(await postWebhook(body), { mirrored: true });

    const mirrored = await alice.next("integration:webhook:received", (p) => p.data.invoiceId === invoiceId);
    assert.equal(mirrored.event, "stripe.invoice.paid");
    assert.deepEqual(mirrored.data, { invoiceId, amountPaid: 4900 });

    const unsubscribed = await alice.request("integration:webhook:unsubscribe", ids(PAYMENTS_ID));
    assertMembership(unsubscribed, PAYMENTS_ID, `integration:${PAYMENTS_ID}:webhooks`);
    await alice.settle();
    alice.queues.delete("integration:webhook:received");
    const late = JSON.stringify({ id: "evt_" + randomUUID(), type: "stripe.invoice.paid", data: {} });
    await postWebhook(late);
    await alice.settle(); // the webhook was sent before the POST answered, so it would be in by now
    assert.equal(alice.pending("integration:webhook:received"), 0);
  });
});

describe("usage push", () => {
  it("an execution pushes integration:usage:updated to the room", async () => {
    const alice = await client();
    const bob = await client();
    await bob.request("integration:join", ids(PAYMENTS_ID));

    await alice.request("integration:execute", execute(PAYMENTS_ID, "getBalance"));

    const usage = await bob.next("integration:usage:updated");
    assertKeys(usage, ["integrationId", "usage", "timestamp"], [], "usage");
    assert.equal(usage.integrationId, PAYMENTS_ID);
    assertPlainObject(usage.usage, "usage.usage");
    assert.equal(typeof usage.usage.requests, "number");
    assertTimestamp(usage.timestamp);
  });
});

describe("refusals", () => {
  it("an unknown integration is NOT_FOUND: integration:error without an ack, the error reply in the ack with one", async () => {
    const alice = await client();
    alice.emit("integration:join", { ...ids(UNKNOWN_ID), requestId: "js-nf-1" });
    assertRefusal(await alice.next("integration:error"), "integration:join", "NOT_FOUND", "js-nf-1");

    const ack = await alice.request("integration:execute", execute(UNKNOWN_ID, "getUserTweets"));
    assertRefusal(ack, "integration:execute", "NOT_FOUND");

    const foreign = await alice.request("integration:status", ids(TWEETS_ID, "ffffffffffffffffffffffff"));
    assertRefusal(foreign, "integration:status", "NOT_FOUND");
    assert.deepEqual(foreign.error, ack.error, "another project's integration answers like a missing one");
  });

  it("bad payloads are INVALID_REQUEST and the connection stays usable", async () => {
    const alice = await client();
    const cases = [
      ["integration:execute", "just a string"],
      ["integration:execute", execute(TWEETS_ID, "getUserTweets", 5, { requestId: "js-bad-1" })],
      ["integration:execute", execute(TWEETS_ID, "../../etc/passwd")],
      ["integration:test", { ...ids(TWEETS_ID), endpoint: "getUserTweets" }],
      ["integration:join", ids(TWEETS_ID, "nope")],
      ["integration:status", [1, 2]],
    ];
    for (const [event, payload] of cases) {
      const ack = await alice.request(event, payload);
      assertRefusal(ack, event, "INVALID_REQUEST");
    }
    const badParams = await alice.request("integration:execute", execute(TWEETS_ID, "getUserTweets", 5, { requestId: "js-bad-2" }));
    assert.equal(badParams.requestId, "js-bad-2", "the requestId is echoed when it could be read");

    alice.emit("integration:execute", { ...ids(TWEETS_ID), endpoint: "" });
    assertRefusal(await alice.next("integration:error"), "integration:execute", "INVALID_REQUEST");

    assert.ok(alice.socket.connected);
    assertMembership(await alice.request("integration:join", ids(TWEETS_ID)), TWEETS_ID, `integration:${TWEETS_ID}`);
  });
});

describe("authentication and stray events", () => {
  it("a wrong token gets connect_error with a message and data.code UNAUTHENTICATED", async () => {
    await assert.rejects(connect(SOCKET_URL, { auth: { token: "not-the-demo-token" } }), (err) => {
      assert.equal(err.message, "invalid token");
      assert.equal(err.data && err.data.code, "UNAUTHENTICATED");
      return true;
    });
  });

  it("an event outside the catalog is answered UNKNOWN_EVENT and the connection stays usable", async () => {
    const alice = await client();
    const ack = await alice.request("integration:bogus", ids(TWEETS_ID));
    assertRefusal(ack, "integration:bogus", "UNKNOWN_EVENT");
    assertMembership(await alice.request("integration:join", ids(TWEETS_ID)), TWEETS_ID, `integration:${TWEETS_ID}`);
  });
});

describe("transports", () => {
  it("long-polling first, then the websocket upgrade, carries the same protocol", async () => {
    const alice = await client({ transports: ["polling", "websocket"] });
    const ack = await alice.request("integration:execute", execute(TWEETS_ID, "getUserTweets", { userId: "7" }));
    assertFullCompleted(ack, TWEETS_ID, "getUserTweets");
    assert.equal(ack.result.data.userId, "7");
  });
});
