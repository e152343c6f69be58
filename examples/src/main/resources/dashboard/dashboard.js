// The demo dashboard: a plain socket.io-client v4 page, no build step. It speaks the wire protocol
// of docs/protocol.md directly, with acks, and shows everything it sends and receives.
(function () {
  "use strict";

  /** The demo server's token, sent in the Socket.IO v4 auth payload; editable in the top bar. */
  const DEFAULT_TOKEN = "demo-token";
  const ACK_TIMEOUT_MS = 10000;
  const EXECUTION_TIMEOUT_MS = 60000;
  const FEED_LIMIT = 300;
  /** Example params for the demo catalog's endpoints, prefilled when an endpoint is picked. */
  const EXAMPLE_PARAMS = {
    getUserTweets: { userId: "123" },
    searchTweets: { q: "realtime" },
    postMessage: { channel: "#general", text: "hello" },
  };

  const config = window.DEMO_CONFIG || { integrations: [] };
  const $ = (id) => document.getElementById(id);
  const el = {
    serverUrl: $("server-url"), token: $("token"), connection: $("connection"), connState: $("conn-state"),
    banner: $("banner"), integration: $("integration"), projectId: $("project-id"), integrationId: $("integration-id"),
    join: $("join"), leave: $("leave"), subscribe: $("subscribe"), roomState: $("room-state"),
    webhookState: $("webhook-state"), status: $("status"), health: $("health"), healthResult: $("health-result"),
    stActive: $("st-active"), stRequests: $("st-requests"), stErrors: $("st-errors"), stLastUsed: $("st-last-used"),
    stMeter: $("st-meter"), stRate: $("st-rate"), endpoint: $("endpoint"), endpointList: $("endpoint-list"),
    params: $("params"), requestData: $("request-data"), execute: $("execute"), paramsError: $("params-error"),
    result: $("result"), feed: $("feed"), feedCount: $("feed-count"), pause: $("pause"), clear: $("clear"),
    filters: $("filters"),
  };

  const state = {
    socket: null,
    joined: new Set(),      // integration ids whose room this socket is in
    subscribed: new Set(),  // integration ids whose webhooks this socket mirrors
    myRequests: new Set(),  // requestIds this page sent
    paused: false,
    held: [],
    entries: 0,
  };

  // ---------- set-up ----------

  function defaultServerUrl() {
    const fromQuery = new URLSearchParams(location.search).get("server");
    if (fromQuery) return fromQuery;
    if (config.socketUrl) return config.socketUrl;
    return location.protocol + "//" + location.hostname + ":" + (config.socketPort || 9092);
  }

  function fillCatalog() {
    el.projectId.value = config.projectId || "";
    for (const integration of config.integrations) {
      const option = document.createElement("option");
      option.value = integration.id;
      option.textContent = integration.name + (integration.active ? "" : "  (inactive)");
      el.integration.append(option);
    }
    const custom = document.createElement("option");
    custom.value = "";
    custom.textContent = "Other integration id…";
    el.integration.append(custom);
    const wanted = new URLSearchParams(location.search).get("integration");
    if (wanted && config.integrations.some((i) => i.id === wanted)) el.integration.value = wanted;
    onIntegrationPicked();
  }

  function catalogEntry(id) {
    return config.integrations.find((i) => i.id === id);
  }

  function onIntegrationPicked() {
    const picked = catalogEntry(el.integration.value);
    if (picked) el.integrationId.value = picked.id;
    el.endpointList.replaceChildren();
    const endpoints = picked ? picked.endpoints : [];
    for (const name of endpoints) {
      const option = document.createElement("option");
      option.value = name;
      el.endpointList.append(option);
    }
    if (endpoints.length) {
      el.endpoint.value = endpoints[0];
      onEndpointPicked();
    }
    onTargetChanged();
    if (state.socket && state.socket.connected) refreshStatus(true);
  }

  /** Another integration: what the panels showed was about the previous one. */
  function onTargetChanged() {
    refreshMembership();
    clearStatus();
    clearHealth();
  }

  function onEndpointPicked() {
    const example = EXAMPLE_PARAMS[el.endpoint.value];
    el.params.value = JSON.stringify(example || {}, null, 2);
  }

  function ids() {
    return { projectId: el.projectId.value.trim(), integrationId: el.integrationId.value.trim() };
  }

  /** Whether the page still shows the integration a reply was asked for. */
  function stillShowing(target) {
    const now = ids();
    return now.projectId === target.projectId && now.integrationId === target.integrationId;
  }

  /**
   * A request id unique across page loads, tabs and users: the server remembers execute outcomes by
   * requestId, so an id a reloaded page used before would get that earlier execute's result back.
   */
  function newRequestId() {
    if (typeof crypto.randomUUID === "function") return "dash-" + crypto.randomUUID();   // https and localhost
    const bytes = crypto.getRandomValues(new Uint8Array(16));                             // plain http elsewhere
    return "dash-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function label(integrationId) {
    const entry = catalogEntry(integrationId);
    return entry ? entry.name.replace(/\s*\(.*\)$/, "") : (integrationId || "?").slice(0, 8) + "…";
  }

  // ---------- connection ----------

  function connect() {
    if (state.socket) state.socket.close();
    state.joined.clear();
    state.subscribed.clear();
    refreshMembership();
    const url = el.serverUrl.value.trim();
    setConn("busy", "connecting…");
    const socket = io(url, {
      auth: (send) => send({ token: el.token.value }),
      transports: ["websocket", "polling"],   // websocket first: no sticky sessions, no upgrade step
      tryAllTransports: true,                  // fall back to long-polling where websockets are blocked
      reconnectionDelayMax: 5000,
    });
    state.socket = socket;
    socket.on("connect", () => {
      const engine = socket.io.engine;
      setConn("on", "connected · " + engine.transport.name);
      engine.once("upgrade", () => setConn("on", "connected · " + engine.transport.name));
      addEntry("conn", "connect", "socket " + socket.id + " over " + engine.transport.name, null);
      restoreRooms();
      refreshStatus(true);
    });
    socket.on("disconnect", (reason) => {
      setConn("off", "disconnected");
      addEntry("conn", "disconnect", reason, null);
    });
    socket.on("connect_error", (error) => {
      const detail = error.message || "refused (no reason given: an unknown namespace answers this way)";
      setConn("bad", "connect error");
      addEntry("error", "connect_error", detail, error.data || null);
    });
    socket.onAny((event, payload) => addEntry(classify(event, payload), event, summarize(event, payload), payload));
  }

  /** The JS client does not restore rooms after a reconnect; the page asks again. */
  function restoreRooms() {
    const rooms = [...state.joined].map((id) => ["integration:join", id]);
    const hooks = [...state.subscribed].map((id) => ["integration:webhook:subscribe", id]);
    state.joined.clear();
    state.subscribed.clear();
    for (const [event, integrationId] of [...rooms, ...hooks]) {
      request(event, { projectId: el.projectId.value.trim(), integrationId }).then((reply) => {
        if (!reply.error) trackMembership(event, integrationId);
      });
    }
  }

  function setConn(kind, text) {
    el.connState.className = "pill " + kind;
    el.connState.textContent = text;
  }

  // ---------- requests ----------

  /** Emits with an ack and a timeout; resolves with the ack payload (success or error reply). */
  async function request(event, payload, timeoutMs = ACK_TIMEOUT_MS, quiet = false) {
    const socket = state.socket;
    if (!socket || !socket.connected) {
      const reply = { error: { code: "DISCONNECTED", message: "not connected to the server" } };
      addEntry("error", event, "not sent: not connected", null);
      return reply;
    }
    const requestId = newRequestId();
    state.myRequests.add(requestId);
    const body = Object.assign({}, payload, { requestId });
    if (!quiet) addEntry("sent", event, describeRequest(body), body);
    try {
      const reply = await socket.timeout(timeoutMs).emitWithAck(event, body);
      const kind = reply && reply.error ? "error" : "mine";
      if (!quiet || kind === "error") addEntry(kind, event + " ↩ ack", summarize(event, reply), reply);
      return reply || {};
    } catch (timeout) {
      const reply = { requestId, error: { code: "TIMEOUT", message: "no ack within " + timeoutMs / 1000 + " s" } };
      addEntry("error", event + " ↩ ack", "no ack within " + timeoutMs / 1000 + " s", null);
      return reply;
    }
  }

  async function join() {
    const target = ids();
    const reply = await request("integration:join", target);
    if (!reply.error) trackMembership("integration:join", target.integrationId);
  }

  async function leave() {
    const target = ids();
    const reply = await request("integration:leave", target);
    if (!reply.error) trackMembership("integration:leave", target.integrationId);
  }

  async function toggleWebhooks() {
    const target = ids();
    const event = state.subscribed.has(target.integrationId) ? "integration:webhook:unsubscribe" : "integration:webhook:subscribe";
    const reply = await request(event, target);
    if (!reply.error) trackMembership(event, target.integrationId);
  }

  function trackMembership(event, integrationId) {
    if (event === "integration:join") state.joined.add(integrationId);
    if (event === "integration:leave") state.joined.delete(integrationId);
    if (event === "integration:webhook:subscribe") state.subscribed.add(integrationId);
    if (event === "integration:webhook:unsubscribe") state.subscribed.delete(integrationId);
    refreshMembership();
  }

  function refreshMembership() {
    const id = el.integrationId.value.trim();
    const inRoom = state.joined.has(id);
    const hooked = state.subscribed.has(id);
    el.roomState.textContent = inRoom ? "joined" : "not joined";
    el.roomState.classList.toggle("yes", inRoom);
    el.webhookState.textContent = hooked ? "subscribed" : "not subscribed";
    el.webhookState.classList.toggle("yes", hooked);
    el.subscribe.textContent = hooked ? "Unsubscribe webhooks" : "Subscribe to webhooks";
  }

  async function execute() {
    el.paramsError.textContent = "";
    const params = parseObject(el.params.value, "params");
    const requestData = parseObject(el.requestData.value, "requestData");
    if (params === undefined || requestData === undefined) return;
    const endpoint = el.endpoint.value.trim();
    showResultPending(endpoint);
    const started = performance.now();
    const reply = await request("integration:execute", Object.assign(ids(), { endpoint, params, requestData }), EXECUTION_TIMEOUT_MS);
    showResult(endpoint, reply, Math.round(performance.now() - started));
    refreshStatus(true);
  }

  async function healthCheck() {
    el.healthResult.className = "health";
    el.healthResult.textContent = "Running health check…";
    const target = ids();
    const started = performance.now();
    const reply = await request("integration:test", Object.assign({}, target, { endpoint: "healthCheck" }), EXECUTION_TIMEOUT_MS);
    const ms = Math.round(performance.now() - started);
    if (!stillShowing(target)) return;   // the answer is about an integration no longer shown
    if (reply.error) {
      el.healthResult.className = "health bad";
      el.healthResult.textContent = "✗ " + reply.error.code + ": " + reply.error.message + " (" + ms + " ms)";
    } else {
      const data = (reply.result && reply.result.data) || {};
      el.healthResult.className = "health ok";
      el.healthResult.textContent = "✓ healthy" + (data.latencyMs != null ? " · upstream " + data.latencyMs + " ms" : "")
        + " · round trip " + ms + " ms";
    }
    refreshStatus(true);
  }

  /** Reads the status; `quiet` (automatic refreshes) keeps successful round trips out of the feed. */
  async function refreshStatus(quiet = false) {
    const target = ids();
    const reply = await request("integration:status", target, ACK_TIMEOUT_MS, quiet === true);
    if (!stillShowing(target)) return;
    if (reply.error) {
      clearStatus();
      el.stActive.innerHTML = '<span class="badge bad">' + escapeHtml(reply.error.code) + "</span>";
      return;
    }
    showStatus(reply.status || {});
  }

  function parseObject(text, name) {
    try {
      const value = JSON.parse(text.trim() || "{}");
      if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error("not an object");
      return value;
    } catch (e) {
      el.paramsError.textContent = name + " must be a JSON object (" + e.message + ")";
      return undefined;
    }
  }

  // ---------- panels ----------

  function showResultPending(endpoint) {
    el.result.className = "result busy";
    el.result.innerHTML = '<div class="result-head"><strong>⏳ ' + escapeHtml(endpoint) + "</strong> running…</div>";
  }

  function showResult(endpoint, reply, ms) {
    const failed = Boolean(reply.error);
    el.result.className = "result " + (failed ? "bad" : "ok");
    el.result.dataset.outcome = failed ? "failed" : "completed";
    const head = failed
      ? "✗ " + escapeHtml(endpoint) + " failed · " + escapeHtml(reply.error.code)
      : "✓ " + escapeHtml(endpoint) + " completed";
    const meta = [ms + " ms", reply.requestId, reply.executionId && "exec " + reply.executionId.slice(0, 8)]
      .filter(Boolean).map(escapeHtml).join(" · ");
    const body = failed ? reply.error : (reply.result && reply.result.data);
    el.result.innerHTML = '<div class="result-head"><strong>' + head + '</strong><span class="meta">' + meta + "</span></div>"
      + "<pre>" + escapeHtml(JSON.stringify(body, null, 2)) + "</pre>";
  }

  function clearHealth() {
    el.healthResult.className = "health";
    el.healthResult.textContent = "Health check not run yet.";
  }

  function clearStatus() {
    for (const node of [el.stActive, el.stRequests, el.stErrors, el.stLastUsed, el.stRate]) node.textContent = "–";
    el.stMeter.style.width = "0";
  }

  function showStatus(status) {
    el.stActive.innerHTML = status.isActive
      ? '<span class="badge ok">active</span>' : '<span class="badge bad">inactive</span>';
    showUsage(status.usage || {});
    el.stLastUsed.textContent = status.lastUsed ? new Date(status.lastUsed).toLocaleTimeString() : "never";
    el.stLastUsed.classList.add("small-text");
    const rate = status.rateLimit;
    if (rate) {
      const share = rate.limit ? rate.remaining / rate.limit : 0;
      el.stMeter.style.width = Math.round(share * 100) + "%";
      el.stMeter.classList.toggle("low", share < 0.2);
      el.stRate.textContent = rate.remaining + " of " + rate.limit + " left · resets " + new Date(rate.resetAt).toLocaleTimeString();
    } else {
      el.stMeter.style.width = "0";
      el.stRate.textContent = "unknown (rateLimit is null)";
    }
  }

  function showUsage(usage) {
    el.stRequests.textContent = usage.requests != null ? usage.requests : "–";
    el.stErrors.textContent = usage.errors != null ? usage.errors : "–";
  }

  // ---------- feed ----------

  function classify(event, payload) {
    if (event === "integration:webhook:received") return "webhook";
    if (event === "integration:usage:updated") return "usage";
    if (event === "integration:error") return "error";
    if (payload && payload.requestId && state.myRequests.has(payload.requestId)) return "mine";
    if (/:(started|completed|failed)$/.test(event)) return "room";
    return "mine";
  }

  function summarize(event, p) {
    if (!p || typeof p !== "object") return p == null ? "" : String(p);
    const who = p.integrationId ? label(p.integrationId) : "";
    if (p.error) return [who, p.error.code, p.error.message].filter(Boolean).join(" · ");
    if (event.endsWith("webhook:received")) return who + " · " + p.event + " " + compact(p.data);
    if (event.endsWith("usage:updated")) return who + " · " + compact(p.usage);
    const exec = p.executionId ? " · exec " + p.executionId.slice(0, 8) : "";
    if (p.result) return who + " · " + p.endpoint + (p.result.data ? " · " + compact(p.result.data) : " · success (summary)" + exec);
    if (p.endpoint) return who + " · " + p.endpoint + exec;
    if (p.status) return who + " · " + (p.status.isActive ? "active" : "inactive") + " · " + compact(p.status.usage);
    if (p.room) return p.room;
    return compact(p);
  }

  function describeRequest(body) {
    const who = label(body.integrationId);
    return body.endpoint ? who + " · " + body.endpoint + " " + compact(body.params || {}) : who;
  }

  function compact(value) {
    const text = JSON.stringify(value);
    return text && text.length > 120 ? text.slice(0, 117) + "…" : text || "";
  }

  function addEntry(kind, event, summary, payload) {
    const item = { kind, event, summary, payload, at: new Date() };
    if (state.paused) {
      state.held.push(item);
      el.pause.textContent = "Resume (" + state.held.length + ")";
      return;
    }
    render(item);
  }

  function render(item) {
    const empty = el.feed.querySelector(".feed-empty");
    if (empty) empty.remove();
    const li = document.createElement("li");
    li.className = "entry fresh kind-" + item.kind;
    li.dataset.event = item.event;
    li.dataset.kind = item.kind;
    const details = document.createElement("details");
    const summary = document.createElement("summary");
    summary.innerHTML = "<time>" + clock(item.at) + '</time><span class="tag">' + tagText(item.kind) + "</span>"
      + '<span class="line"><span class="event">' + escapeHtml(item.event) + '</span><span class="summary">'
      + escapeHtml(item.summary || "") + "</span></span>";
    details.append(summary);
    if (item.payload != null) {
      const pre = document.createElement("pre");
      pre.textContent = JSON.stringify(item.payload, null, 2);
      details.append(pre);
    }
    li.append(details);
    el.feed.prepend(li);
    setTimeout(() => li.classList.remove("fresh"), 1500);
    while (el.feed.children.length > FEED_LIMIT) el.feed.lastElementChild.remove();
    state.entries++;
    el.feedCount.textContent = String(state.entries);
    if (item.kind === "usage" && item.payload && item.payload.integrationId === el.integrationId.value.trim()) {
      showUsage(item.payload.usage || {});
    }
  }

  function tagText(kind) {
    return { sent: "→ sent", mine: "reply", room: "room", webhook: "webhook", usage: "usage", error: "error", conn: "conn" }[kind];
  }

  function clock(date) {
    return date.toTimeString().slice(0, 8) + "." + String(date.getMilliseconds()).padStart(3, "0");
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }

  function togglePause() {
    state.paused = !state.paused;
    if (!state.paused) {
      state.held.splice(0).forEach(render);
      el.pause.textContent = "Pause";
    } else {
      el.pause.textContent = "Resume (0)";
    }
  }

  function clearFeed() {
    state.held.length = 0;
    state.entries = 0;
    el.feedCount.textContent = "0";
    el.feed.innerHTML = '<li class="feed-empty">Cleared.</li>';
  }

  // ---------- wiring ----------

  function start() {
    el.serverUrl.value = defaultServerUrl();
    el.token.value = DEFAULT_TOKEN;
    fillCatalog();
    if (typeof window.io !== "function") {
      el.banner.hidden = false;
      el.banner.innerHTML = "<strong>The socket.io browser bundle is missing.</strong> The examples build copies it from "
        + "<code>interop/node_modules/socket.io-client/dist</code>. Install Node.js 20+ and npm, then run "
        + "<code>./mvnw -q -Pdemo -DskipTests -pl examples -am package</code> again (it runs <code>npm ci</code> in "
        + "<code>interop/</code>), or run <code>npm ci</code> there yourself and rebuild.";
      setConn("bad", "no client bundle");
      for (const button of document.querySelectorAll("button")) button.disabled = true;
      return;
    }
    el.connection.addEventListener("submit", (e) => { e.preventDefault(); connect(); });
    el.integration.addEventListener("change", onIntegrationPicked);
    el.integrationId.addEventListener("input", onTargetChanged);
    el.projectId.addEventListener("input", onTargetChanged);
    el.endpoint.addEventListener("change", onEndpointPicked);
    el.join.addEventListener("click", join);
    el.leave.addEventListener("click", leave);
    el.subscribe.addEventListener("click", toggleWebhooks);
    el.status.addEventListener("click", () => refreshStatus());
    el.health.addEventListener("click", healthCheck);
    el.execute.addEventListener("click", execute);
    el.pause.addEventListener("click", togglePause);
    el.clear.addEventListener("click", clearFeed);
    el.filters.addEventListener("change", (e) => el.feed.classList.toggle("hide-" + e.target.value, !e.target.checked));
    connect();
  }

  start();
})();
