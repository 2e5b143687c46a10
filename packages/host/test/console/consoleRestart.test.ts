/**
 * The console across a reload and a host restart, in real Chromium: an unacknowledged alarm is still
 * there, acknowledged with its note it stays so; a lost connection says so on the whole page and
 * disables commands, then resumes without a gap or a duplicate.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSite } from "../../src/runtime/RunningSite";
import { tempDir } from "../runtime/tempDir";
import { launchChromium, listedSeqs, send, signIn, startDemo } from "./consoleHarness";

const dataDir = tempDir("console-restart");
let running: RunningSite;
let browser: Browser;
let operator: string;
let port: number;

beforeAll(async () => {
  running = await startDemo(dataDir);
  port = running.feed.port;
  // A stored token: the demo's own operator token ends with the host.
  operator = (await running.host.store.tokens.issue({ role: "operator", label: "Olga" })).secret;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await running?.stop();
});

const sim = (command: Record<string, unknown>) => send(running.feed.url, operator, command);

const restartHost = async (whileDown?: () => Promise<void>) => {
  await running.stop();
  await whileDown?.();
  running = await startDemo(dataDir, port);
};

/** Forces `doorId` open and returns the alarm's `seq` (its DoorForcedOpen). */
const force = async (doorId: string): Promise<number> => {
  const after = running.host.store.journal.head();
  await sim({ type: "sim.door", doorId, open: true });
  // The simulated contact goes through the door's I/O and its debounce before the engine sees it.
  let seq: number | undefined;
  await expect
    .poll(
      async () => {
        const events = await running.host.store.journal.readFrom(after + 1, 10_000);
        seq = events.find((e) => e.type === "DoorForcedOpen" && e.doorId === doorId)?.seq;
        return seq;
      },
      { timeout: 10_000 },
    )
    .toBeDefined();
  return seq!;
};

const state = (page: Page, seq: number) => page.getByTestId(`alarm-${seq}`).getAttribute("data-state");

describe("console across reloads and restarts", () => {
  it("keeps an alarm through a reload and a host restart, and its acknowledgement with the note", async () => {
    const page = await signIn(browser, running.feed.url, operator);
    const storage = await force("storage");
    await expect.poll(() => state(page, storage), { timeout: 10_000 }).toBe("active");
    expect(await page.getByTestId(`alarm-${storage}`).textContent()).toContain("Storage forced open");
    // Closing the door clears the condition; the alarm stays until acknowledged.
    await sim({ type: "sim.door", doorId: "storage", open: false });
    await expect.poll(() => state(page, storage), { timeout: 10_000 }).toBe("cleared");

    await page.reload();
    await page.getByTestId(`alarm-${storage}`).waitFor({ timeout: 10_000 });
    expect(await state(page, storage)).toBe("cleared");

    await restartHost();
    await expect.poll(() => page.getByTestId("connection").textContent(), { timeout: 20_000 }).toBe("live");
    expect(await state(page, storage)).toBe("cleared");

    await page.getByTestId(`alarm-${storage}-note`).fill("Checked by Olga: cleaner left it open");
    await page.getByTestId(`alarm-${storage}-ack`).click();
    await expect.poll(() => state(page, storage), { timeout: 10_000 }).toBe("acknowledged");
    await restartHost();
    await page.reload();
    await page.getByTestId(`alarm-${storage}`).waitFor({ state: "attached", timeout: 20_000 });
    expect(await state(page, storage)).toBe("acknowledged");
    expect(await page.getByTestId(`alarm-${storage}-ack-note`).textContent()).toBe(
      "Checked by Olga: cleaner left it open",
    );
    expect(await page.getByTestId(`alarm-${storage}-state`).textContent()).toContain("Acknowledged by Olga");
    expect(await page.getByTestId(`alarm-${storage}-ack`).count()).toBe(0);
    await page.close();
  }, 120_000);

  it("says on the whole page that the host is gone, disables commands, and resumes without gaps or duplicates", async () => {
    const page = await signIn(browser, running.feed.url, operator);
    await expect.poll(() => page.getByTestId("door-main-unlock").isEnabled()).toBe(true);
    const firstLive = running.host.store.journal.head() + 1;

    await restartHost(async () => {
      await page.getByTestId("offline-banner").waitFor({ timeout: 10_000 });
      expect(await page.getByTestId("connection").textContent()).toBe("disconnected");
      expect(await page.getByTestId("door-main-unlock").isDisabled()).toBe(true);
    });
    // Events journalled by the restarted host before the page is back (readers coming online) must arrive too.
    await expect.poll(() => page.getByTestId("offline-banner").count(), { timeout: 20_000 }).toBe(0);
    expect(await page.getByTestId("door-main-unlock").isEnabled()).toBe(true);
    await sim({ type: "sim.swipe", readerId: "main-in", number: "10003" });
    await page.getByTestId("nav-events").click();
    await expect
      .poll(() => page.getByTestId("events").textContent(), { timeout: 10_000 })
      .toContain("Cleo Ek granted at Main entrance, side A");
    await running.host.store.journal.flush();
    const head = running.host.store.journal.head();
    // Every event once, none missing (a passage gathers the events of one door cycle under one line).
    await expect.poll(async () => Math.max(...(await listedSeqs(page))), { timeout: 10_000 }).toBe(head);
    const live = (await listedSeqs(page)).filter((s) => s >= firstLive).sort((a, b) => a - b);
    expect(live).toEqual(Array.from({ length: head - firstLive + 1 }, (_, i) => firstLive + i));
    await page.close();
  }, 120_000);
});
