/** The operator console in real Chromium (Debian's, driven by playwright-core) against a running demo site. */
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoSiteFile } from "../../src/demo/demoSite";
import { silentLogger } from "../../src/runtime/logger";
import { startRunningSite, type RunningSite } from "../../src/runtime/RunningSite";
import { tempDir } from "../runtime/tempDir";

const consoleDir = fileURLToPath(new URL("../../src/console/", import.meta.url));
// The probe's flags: without the background-networking ones Chromium keeps calling out of a closed network.
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

let running: RunningSite;
let browser: Browser;
let operatorToken: string;
let viewerToken: string;

beforeAll(async () => {
  running = await startRunningSite({
    demo: true,
    site: { file: demoSiteFile(), source: "demo" },
    dataDir: tempDir("console"),
    listen: { host: "127.0.0.1", port: 0 },
    consoleDir,
    logger: silentLogger,
    environment: {},
  });
  operatorToken = running.tokens.find((t) => t.role === "operator")!.secret;
  viewerToken = (await running.host.store.tokens.issue({ role: "viewer", label: "test viewer" })).secret;
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await running?.stop();
});

const signIn = async (token: string): Promise<Page> => {
  const page = await browser.newPage();
  await page.goto(`${running.feed.url}/`);
  await page.getByTestId("token").fill(token);
  await page.getByTestId("signin-button").click();
  await page.getByTestId("door-main").waitFor();
  return page;
};

/** Sends a `sim.*` command as a separate client would (a card at a simulated reader). */
const sim = (command: Record<string, unknown>) =>
  new Promise<void>((resolve, reject) => {
    const ws = new WebSocket(`${running.feed.url.replace("http", "ws")}/ws`);
    ws.on("open", () => ws.send(JSON.stringify({ type: "hello", token: operatorToken })));
    ws.on("message", (data) => {
      const msg = JSON.parse(String(data)) as { type: string; ok?: boolean };
      if (msg.type === "welcome") ws.send(JSON.stringify({ type: "command", id: "1", command }));
      if (msg.type === "result") {
        ws.close();
        if (msg.ok) resolve();
        else reject(new Error(JSON.stringify(msg)));
      }
    });
    ws.on("error", reject);
  });

const text = (page: Page, testId: string) => page.getByTestId(testId).textContent();

describe("operator console", () => {
  it("signs in with a token, shows the doors, and a door changes when a card is swiped", async () => {
    const page = await signIn(operatorToken);
    expect(await text(page, "role")).toBe("operator");
    expect(await text(page, "door-main-mode")).toBe("Locked");
    // The simulated reader goes through OSDP with Secure Channel: wait until its line has it online.
    await expect.poll(() => text(page, "door-main-status"), { timeout: 15_000 }).toBe("online");
    await sim({ type: "sim.swipe", readerId: "main-in", number: "10001" });
    await expect.poll(() => text(page, "door-main-mode"), { timeout: 10_000 }).toBe("Accessed");
    expect(await text(page, "door-main-locks")).toBe("unlocked, unlocked");
    await expect.poll(() => page.getByTestId("events").textContent()).toContain("AccessGranted");
    await page.close();
  }, 60_000);

  it("an operator presses Unlock and sees the door unlock", async () => {
    const page = await signIn(operatorToken);
    await page.getByTestId("door-garage-unlock").click();
    await expect.poll(() => text(page, "door-garage-mode"), { timeout: 10_000 }).toBe("Unlocked");
    await page.getByTestId("door-garage-reset").click();
    await expect.poll(() => text(page, "door-garage-mode"), { timeout: 10_000 }).toBe("Locked");
    await page.close();
  }, 60_000);

  it("an alarm can be acknowledged", async () => {
    const page = await signIn(operatorToken);
    await sim({ type: "sim.door", doorId: "storage", open: false });
    await sim({ type: "sim.door", doorId: "storage", open: true });
    const ack = page.locator('[data-testid$="-ack"]').first();
    await ack.waitFor({ timeout: 10_000 });
    await ack.click();
    await expect
      .poll(() => page.locator("#alarms li.acknowledged").count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await page.close();
  }, 60_000);

  it("a viewer sees the doors but no action buttons", async () => {
    const page = await signIn(viewerToken);
    expect(await text(page, "role")).toBe("viewer");
    expect(await page.locator("[data-testid=door-main-mode]").count()).toBe(1);
    expect(await page.locator('[data-testid$="-unlock"]').count()).toBe(0);
    expect(await page.locator('[data-testid$="-ack"]').count()).toBe(0);
    await page.close();
  }, 60_000);

  it("a wrong token is refused", async () => {
    const page = await browser.newPage();
    await page.goto(`${running.feed.url}/`);
    await page.getByTestId("token").fill("not-a-token");
    await page.getByTestId("signin-button").click();
    await expect.poll(() => page.locator("#signin-error").textContent(), { timeout: 10_000 }).not.toBe("");
    expect(await page.locator("#app").isHidden()).toBe(true);
    await page.close();
  }, 60_000);
});
