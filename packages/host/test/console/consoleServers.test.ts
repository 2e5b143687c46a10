/**
 * The console's Servers view (issue 14) in real Chromium, on a main paired with a sub over a real
 * nats-server: the sub Connected, the doors of both grouped by server and live, a door command run on
 * the sub, the sub's live events and one event search over both servers with a server column.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../runtime/tempDir";
import { type RunningPair, startRunningPair } from "../multi/runningPair";
import { launchChromium, send, signIn } from "./consoleHarness";

/** NATS and heartbeats run in real time (a Disconnected shows after three missed seconds). */
const WAIT = { timeout: 15_000 };

let pair: RunningPair;
let browser: Browser;

beforeAll(async () => {
  pair = await startRunningPair(tempDir("console-servers"), "Branch");
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await pair?.stop();
});

const text = (page: Page, testId: string) => page.getByTestId(testId).textContent();

/** The rows of an event list as "server: sentence". */
const listed = (page: Page, testId: string): Promise<string[]> =>
  page
    .getByTestId(testId)
    .locator("li")
    .evaluateAll((items) =>
      items.map(
        (li) =>
          `${li.querySelector("[data-testid=event-server]")?.textContent}: ${li.querySelector("[data-testid=event-sentence]")?.textContent}`,
      ),
    );

describe("console Servers view", () => {
  it("shows every server's doors live, runs a door command on the sub, and searches events of both", async () => {
    const page = await signIn(browser, pair.main.feed.url, pair.mainToken);
    await page.getByTestId("nav-servers").click();
    await expect.poll(() => text(page, "server-Branch-status"), WAIT).toBe("Connected");
    // Both servers have a door "main": each under its own server.
    await expect.poll(() => text(page, "server-door-Branch-main-position"), WAIT).toBe("Closed");
    expect(await text(page, "server-door-Head-office-main-position")).toBe("Closed");

    await send(pair.sub.feed.url, pair.subToken, { type: "sim.door", doorId: "main", open: true });
    await expect.poll(() => text(page, "server-door-Branch-main-position"), WAIT).toBe("Open");
    expect(await text(page, "server-door-Head-office-main-position")).toBe("Closed");
    await expect.poll(() => listed(page, "servers-live"), WAIT).toContain("Branch: Main entrance opened");

    // Unlock the sub's door from the main: the sub runs it, the tile follows.
    await page.getByTestId("server-door-Branch-main-unlock").click();
    await expect.poll(() => pair.sub.host.site.door("main")?.mode, WAIT).toBe("Unlocked");
    await expect.poll(() => text(page, "server-door-Branch-main-mode"), WAIT).toBe("Unlocked");
    expect(pair.main.host.site.door("main")?.mode).not.toBe("Unlocked");

    // One search over both servers, each event with its server.
    await page.getByTestId("servers-search").click();
    await page.getByTestId("servers-event").first().waitFor();
    const found = await listed(page, "servers-events");
    expect(found).toContain("Branch: Main entrance opened");
    expect(new Set(found.map((row) => row.split(":")[0]))).toEqual(new Set(["Branch", "Head office"]));
    await page.close();
  }, 90_000);

  it("shows the sub Disconnected when it cannot be reached", async () => {
    const page = await signIn(browser, pair.main.feed.url, pair.mainToken);
    await page.getByTestId("nav-servers").click();
    await expect.poll(() => text(page, "server-Branch-status"), WAIT).toBe("Connected");
    await pair.nats.stop();
    await expect.poll(() => text(page, "server-Branch-status"), WAIT).toBe("Disconnected");
    await pair.nats.start();
    await expect.poll(() => text(page, "server-Branch-status"), WAIT).toBe("Connected");
    await page.close();
  }, 90_000);
});
