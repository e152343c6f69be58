// Drives the demo dashboard in headless Chromium (Debian's, through playwright-core; no browser
// download): connect, join, execute, see the completed result; reload and execute other params
// (request ids must not repeat across page loads, or the server replays the first result); a
// health check that clears when the integration changes, the status, room activity of a second
// (Node) client, a webhook arriving; the state badge at 400 px wide. Saves a screenshot. Driven
// by the JUnit test DashboardBrowserTest, which sets HTTP_URL, SOCKET_URL and SCREENSHOT.
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { CHAT_ID, connect, ids, PAYMENTS_ID, requireEnv, TWEETS_ID } from "../lib/wire.mjs";

const HTTP_URL = requireEnv("HTTP_URL");
const SOCKET_URL = requireEnv("SOCKET_URL");
const SCREENSHOT = requireEnv("SCREENSHOT");
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const STEP_MS = 10000;
const OVERALL_MS = 90000;

const watchdog = setTimeout(() => {
  console.error(`FAIL: the dashboard check did not finish within ${OVERALL_MS} ms`);
  process.exit(2);
}, OVERALL_MS);

function step(text) {
  console.log("- " + text);
}

const profile = mkdtempSync(join(tmpdir(), "dashboard-chromium-"));
let context;
let other;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
    viewport: { width: 1440, height: 960 },
    timeout: 30000,
  });
  const page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(STEP_MS);
  const problems = [];
  page.on("pageerror", (error) => problems.push("page error: " + error.message));
  page.on("console", (message) => { if (message.type() === "error") problems.push("console error: " + message.text()); });
  page.on("response", (response) => { if (response.status() >= 400) problems.push(`HTTP ${response.status()} ${response.url()}`); });
  // Every requestId the page sends, per page load.
  const sentIds = [];
  page.on("framenavigated", (frame) => { if (frame === page.mainFrame()) sentIds.push([]); });
  page.on("websocket", (socket) => socket.on("framesent", (frame) => {
    const match = /^42\d*(\[.*)$/s.exec(String(frame.payload));
    const body = match && JSON.parse(match[1])[1];
    if (body && body.requestId) sentIds[sentIds.length - 1].push(body.requestId);
  }));

  step(`open ${HTTP_URL}/`);
  await page.goto(HTTP_URL + "/");
  await page.getByTestId("conn-state").filter({ hasText: "connected · websocket" }).waitFor();
  const serverField = await page.getByTestId("server-url").inputValue();
  if (serverField !== SOCKET_URL) throw new Error(`page points at ${serverField}, expected ${SOCKET_URL}`);
  if (await page.getByTestId("token").inputValue() !== "demo-token") throw new Error("token field is not prefilled");

  /** The same steps on every page load, so that a page numbering its requests from 1 would repeat its ids. */
  async function joinAndExecute(userId) {
    await page.getByTestId("integration").selectOption(TWEETS_ID);
    await page.getByTestId("join").click();
    await page.getByTestId("room-state").filter({ hasText: "joined" }).waitFor();
    await page.getByTestId("subscribe").click();
    await page.getByTestId("webhook-state").filter({ hasText: "subscribed" }).waitFor();
    await page.getByTestId("endpoint").fill("getUserTweets");
    await page.getByTestId("params").fill(`{ "userId": "${userId}" }`);
    await page.getByTestId("execute").click();
    const result = page.locator('[data-testid="result"][data-outcome]');
    await result.waitFor();
    const resultText = await result.innerText();
    if (!resultText.includes("getUserTweets completed") || !resultText.includes(`"userId": "${userId}"`)) {
      throw new Error(`unexpected result panel for userId ${userId}: ` + resultText);
    }
  }

  step("pick the Twitter (demo) integration, join its room, subscribe to its webhooks, execute getUserTweets {userId: 42}");
  await joinAndExecute("42");

  step("reload, do the same with {userId: 999}: 999's result, not 42's replayed (request ids are unique across loads)");
  await page.reload();
  await page.getByTestId("conn-state").filter({ hasText: "connected · websocket" }).waitFor();
  await joinAndExecute("999");
  const [firstLoad, secondLoad] = sentIds.slice(-2);
  const all = [...firstLoad, ...secondLoad];
  if (firstLoad.length < 4 || new Set(all).size !== all.length) {
    throw new Error("request ids repeat across page loads: " + JSON.stringify([firstLoad, secondLoad]));
  }

  step("run the health check; picking another integration clears its result");
  await page.getByTestId("health").click();
  await page.getByTestId("health-result").filter({ hasText: "healthy" }).waitFor();
  await page.getByTestId("integration").selectOption(PAYMENTS_ID);
  await page.getByTestId("health-result").filter({ hasText: "not run yet" }).waitFor();
  await page.getByTestId("health").click();
  await page.getByTestId("health-result").filter({ hasText: "healthy" }).waitFor();
  await page.getByTestId("integration-id").fill(CHAT_ID);
  await page.getByTestId("health-result").filter({ hasText: "not run yet" }).waitFor();
  await page.getByTestId("integration").selectOption(TWEETS_ID);
  await page.getByTestId("health").click();
  await page.getByTestId("health-result").filter({ hasText: "healthy" }).waitFor();
  await page.getByTestId("status").click();
  await page.getByTestId("status-active").filter({ hasText: "active" }).waitFor();
  await page.getByTestId("status-rate").filter({ hasText: "of 900 left" }).waitFor();

  step("a second client (Node) executes in the same room: the page shows its started and summary");
  other = await connect(SOCKET_URL);
  const done = await other.request("integration:execute", { ...ids(TWEETS_ID), endpoint: "searchTweets", params: { q: "from node" } });
  const feed = page.getByTestId("feed");
  const execution = "exec " + done.executionId.slice(0, 8);
  await feed.locator('li.kind-room[data-event="integration:execution:started"]').filter({ hasText: execution }).waitFor();
  await feed.locator('li.kind-room[data-event="integration:execution:completed"]').filter({ hasText: execution }).waitFor();

  step("a webhook and a usage push arrive in the live feed");
  await feed.locator('li.kind-webhook[data-event="integration:webhook:received"]').first().waitFor();
  await feed.locator('li.kind-usage[data-event="integration:usage:updated"]').first().waitFor();

  if (problems.length) throw new Error("the page reported problems:\n" + problems.join("\n"));

  mkdirSync(dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  console.log("screenshot: " + SCREENSHOT);

  step("at 400 px wide, the state badge fits its cell: active, inactive, and an error code");
  await page.setViewportSize({ width: 400, height: 900 });
  const cases = [[TWEETS_ID, "active"], [CHAT_ID, "inactive"], ["ffffffffffffffffffffffff", "NOT_FOUND"]];
  for (const [integrationId, text] of cases) {
    await page.getByTestId("integration-id").fill(integrationId);
    await page.getByTestId("status").click();
    const badge = page.getByTestId("status-active").locator(".badge");
    await badge.filter({ hasText: new RegExp("^" + text + "$") }).waitFor();
    const fit = await page.getByTestId("status-active").evaluate((cell) => {
      const badgeBox = cell.querySelector(".badge").getBoundingClientRect();
      const cellBox = cell.getBoundingClientRect();
      return { badge: [badgeBox.left, badgeBox.right], cell: [cellBox.left, cellBox.right],
        clipped: cell.scrollWidth > cell.clientWidth, viewport: document.documentElement.clientWidth };
    });
    if (fit.clipped || fit.badge[0] < fit.cell[0] - 0.5 || fit.badge[1] > fit.cell[1] + 0.5 || fit.badge[1] > fit.viewport) {
      throw new Error(`the "${text}" badge does not fit at 400 px: ` + JSON.stringify(fit));
    }
  }
  const narrow = SCREENSHOT.replace(/\.png$/, "-400px.png");
  await page.screenshot({ path: narrow, fullPage: true });
  console.log("screenshot: " + narrow);
  console.log("DASHBOARD OK");
} catch (error) {
  console.error("FAIL: " + (error && error.stack || error));
  process.exitCode = 1;
} finally {
  if (other) other.close();
  if (context) await context.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
  clearTimeout(watchdog);
}
