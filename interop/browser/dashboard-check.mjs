// Drives the demo dashboard in headless Chromium (Debian's, through playwright-core; no browser
// download): connect, join, execute, see the completed result, a health check, the status, room
// activity of a second (Node) client, and a webhook arriving. Saves a screenshot. Driven by the
// JUnit test DashboardBrowserTest, which sets HTTP_URL, SOCKET_URL and SCREENSHOT.
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { connect, ids, requireEnv, TWEETS_ID } from "../lib/wire.mjs";

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

  step(`open ${HTTP_URL}/`);
  await page.goto(HTTP_URL + "/");
  await page.getByTestId("conn-state").filter({ hasText: "connected · websocket" }).waitFor();
  const serverField = await page.getByTestId("server-url").inputValue();
  if (serverField !== SOCKET_URL) throw new Error(`page points at ${serverField}, expected ${SOCKET_URL}`);
  if (await page.getByTestId("token").inputValue() !== "demo-token") throw new Error("token field is not prefilled");

  step("pick the Twitter (demo) integration, join its room, subscribe to its webhooks");
  await page.getByTestId("integration").selectOption(TWEETS_ID);
  await page.getByTestId("join").click();
  await page.getByTestId("room-state").filter({ hasText: "joined" }).waitFor();
  await page.getByTestId("subscribe").click();
  await page.getByTestId("webhook-state").filter({ hasText: "subscribed" }).waitFor();

  step("execute getUserTweets with params {userId: 42}");
  await page.getByTestId("endpoint").fill("getUserTweets");
  await page.getByTestId("params").fill('{ "userId": "42" }');
  await page.getByTestId("execute").click();
  const result = page.locator('[data-testid="result"][data-outcome="completed"]');
  await result.waitFor();
  const resultText = await result.innerText();
  if (!resultText.includes("getUserTweets completed") || !resultText.includes('"userId": "42"')) {
    throw new Error("unexpected result panel: " + resultText);
  }

  step("run the health check and read the status");
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
