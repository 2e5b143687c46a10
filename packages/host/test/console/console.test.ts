/** The operator console in real Chromium against a running demo host: doors, commands, events in words, history, zones. */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoPin } from "../../src/demo/demoSite";
import type { RunningSite } from "../../src/runtime/RunningSite";
import { tempDir } from "../runtime/tempDir";
import { launchChromium, listedLines, send, signIn, startDemo } from "./consoleHarness";

let running: RunningSite;
let browser: Browser;
let operator: string;
let viewer: string;
let admin: string;

beforeAll(async () => {
  running = await startDemo(tempDir("console"));
  operator = (await running.host.store.tokens.issue({ role: "operator", label: "Olga" })).secret;
  viewer = (await running.host.store.tokens.issue({ role: "viewer", label: "Vera" })).secret;
  admin = (await running.host.store.tokens.issue({ role: "admin", label: "Adam" })).secret;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await running?.stop();
});

const sim = (command: Record<string, unknown>) => send(running.feed.url, operator, command);
const text = (page: Page, testId: string) => page.getByTestId(testId).textContent();
const eventsText = (page: Page) => page.getByTestId("events").textContent();

/** An element's background colour, read in the page (the tests' TypeScript has no DOM types). */
const background = (element: unknown): string =>
  (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(
    element,
  ).backgroundColor;

/** Swipes a demo card at the main entrance and waits until its holder has walked in (the demo opens the door). */
const walkIn = async (card: number) => {
  const after = running.host.store.journal.head();
  await sim({ type: "sim.swipe", readerId: "main-in", number: String(card) });
  const id = `ch${String(card - 10_000).padStart(2, "0")}`;
  await expect
    .poll(
      async () =>
        (await running.host.store.journal.readFrom(after + 1, 10_000)).some(
          (e) => e.type === "AccessTaken" && e.cardholderIds.includes(id),
        ),
      { timeout: 10_000 },
    )
    .toBe(true);
};

describe("operator console", () => {
  it("shows door tiles with position, lock, mode, status and why, and events in words and names", async () => {
    const page = await signIn(browser, running.feed.url, operator);
    expect(await text(page, "role")).toBe("operator");
    expect(await text(page, "door-main-position")).toBe("Closed");
    expect(await text(page, "door-main-locks")).toBe("locked");
    expect(await text(page, "door-main-mode")).toBe("Locked");
    expect(await text(page, "door-main-why")).toBe("normal");
    expect(await text(page, "door-fire-exit-why")).toBe("monitoring only");
    // The simulated reader goes through OSDP with Secure Channel: wait until its line has it online.
    await expect.poll(() => text(page, "door-main-status"), { timeout: 15_000 }).toBe("online");
    await sim({ type: "sim.swipe", readerId: "main-in", number: "10001" });
    await expect.poll(() => text(page, "door-main-mode"), { timeout: 10_000 }).toBe("Accessed");
    expect(await text(page, "door-main-why")).toBe("access granted");
    await sim({ type: "sim.swipe", readerId: "main-in", number: "12345" });
    await page.getByTestId("nav-events").click();
    await expect
      .poll(() => eventsText(page), { timeout: 10_000 })
      .toContain("Alva Ek granted at Main entrance, side A");
    await expect
      .poll(() => eventsText(page), { timeout: 10_000 })
      .toContain("Denied at Main entrance, side A: unknown credential");
    // The site's time zone (Europe/Stockholm) with the date, never the browser's.
    const granted = page.locator("li[data-type=AccessGranted]").first();
    const at = Number(
      await running.host.store.journal
        .readFrom(1, 10_000)
        .then((es) => es.find((e) => e.type === "AccessGranted")!.at),
    );
    const expected = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Stockholm",
      year: "numeric",
      month: "short",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    }).format(new Date(at));
    expect(await granted.locator("time").textContent()).toBe(expected);
    // Filters by name: the person filter keeps Alva's events only.
    await page.getByTestId("events-person").fill("Alva Ek");
    await expect.poll(() => page.locator("[data-testid=events] li[data-type=AccessDenied]").count()).toBe(0);
    expect(await page.locator("[data-testid=events] li[data-type=AccessGranted]").count()).toBeGreaterThan(0);
    await page.getByTestId("events-person").fill("");
    await page.getByTestId("events-door").fill("Garage");
    await expect.poll(() => page.locator("[data-testid=events] li[data-type=AccessGranted]").count()).toBe(0);
    await page.close();
  }, 60_000);

  it("an operator unlocks a door, sees why, confirms a Lockdown, and sees a refusal inline", async () => {
    const page = await signIn(browser, running.feed.url, operator);
    await page.getByTestId("door-garage-unlock").click();
    await expect.poll(() => text(page, "door-garage-mode"), { timeout: 10_000 }).toBe("Unlocked");
    expect(await text(page, "door-garage-why")).toBe("manual unlock");
    // Lockdown asks first: nothing changes until confirmed.
    await page.getByTestId("door-garage-lockdown").click();
    await page.getByTestId("door-garage-lockdown-cancel").click();
    expect(await text(page, "door-garage-mode")).toBe("Unlocked");
    await page.getByTestId("door-garage-lockdown").click();
    await page.getByTestId("door-garage-lockdown-confirm").click();
    await expect.poll(() => text(page, "door-garage-mode"), { timeout: 10_000 }).toBe("LockedDown");
    // Lock is refused in lockdown: said beside the button, no dialog.
    page.on("dialog", () => {
      throw new Error("the console must not open a dialog");
    });
    await page.getByTestId("door-garage-lock").click();
    await expect.poll(() => text(page, "door-garage-lock-error")).toMatch(/lockdown/i);
    await page.getByTestId("door-garage-reset").click();
    await expect.poll(() => text(page, "door-garage-mode"), { timeout: 10_000 }).toBe("Locked");
    // Search by name.
    await page.getByTestId("door-search").fill("gar");
    await expect.poll(() => page.locator("[data-testid=doors] > article").count()).toBe(1);
    await page.close();
  }, 60_000);

  it("searches the history beyond the session and exports it as CSV", async () => {
    await sim({ type: "sim.swipe", readerId: "main-in", number: "10002" });
    await running.host.store.journal.flush();
    const page = await signIn(browser, running.feed.url, operator);
    await page.getByTestId("nav-history").click();
    await page.getByTestId("history-person").fill("Bo Ek");
    await page.getByTestId("history-search").click();
    await expect
      .poll(() => page.getByTestId("history").textContent(), { timeout: 10_000 })
      .toContain("Bo Ek granted at Main entrance, side A");
    expect(await page.getByTestId("history").textContent()).not.toContain("Alva Ek");
    const download = page.waitForEvent("download");
    await page.getByTestId("history-csv").click();
    const csv = await (await download).createReadStream();
    let body = "";
    for await (const chunk of csv) body += String(chunk);
    expect(body.split("\n")[0]).toMatch(/^Seq,Time,Event/);
    expect(body).toContain("Bo Ek");
    await page.close();
  }, 60_000);

  it("shows who is in a zone, and forgives anti-passback there", async () => {
    const page = await signIn(browser, running.feed.url, operator);
    await page.getByTestId("nav-zones").click();
    await page.getByTestId("zone-building").waitFor();
    const before = Number(await text(page, "zone-building-count"));
    await walkIn(10_004);
    await expect
      .poll(async () => Number(await text(page, "zone-building-count")), { timeout: 10_000 })
      .toBe(before + 1);
    await page.getByTestId("zone-building").locator("summary").click();
    await page.getByTestId("zone-building-forgive-ch04").click();
    await page.getByTestId("nav-events").click();
    await expect
      .poll(() => eventsText(page), { timeout: 10_000 })
      .toContain("Olga forgave anti-passback for Dag Ek in Building");
    await page.close();
  }, 60_000);

  it("runs a muster: those inside are missing until they swipe at a muster point", async () => {
    await walkIn(10_006);
    const page = await signIn(browser, running.feed.url, operator);
    await page.getByTestId("nav-muster").click();
    await page.getByTestId("muster-zone-building").check();
    await page.getByTestId("muster-reader-dock-in").check();
    await page.getByTestId("muster-start").click();
    await page.getByTestId("muster-evacuation").waitFor();
    const missing = Number(await text(page, "muster-evacuation-missing-count"));
    expect(missing).toBeGreaterThan(0);
    await page.getByTestId("muster-evacuation-safe-ch06").click();
    await expect.poll(async () => Number(await text(page, "muster-evacuation-safe-count"))).toBe(1);
    await page.getByTestId("rollcall-run").click();
    await expect.poll(() => page.getByTestId("rollcall-building").textContent()).toContain("Filip Ek");
    await page.getByTestId("muster-evacuation-reset").click();
    await page.getByTestId("muster-evacuation-reset-confirm").click();
    await expect.poll(() => page.getByTestId("muster-evacuation").count()).toBe(0);
    await page.close();
  }, 60_000);

  it("sets a duress alarm apart, before every other alarm", async () => {
    // Alva gets a duress PIN; the main entrance takes a card or a PIN.
    await send(running.feed.url, admin, {
      type: "config.put",
      entity: "credential",
      value: {
        id: "ch01-pin",
        cardholderId: "ch01",
        name: "PIN",
        kind: "pin",
        pin: demoPin(1),
        duressPin: "999999",
      },
    });
    const page = await signIn(browser, running.feed.url, operator);
    await sim({ type: "sim.door", doorId: "storage", open: true });
    await page.locator("[data-kind=forcedOpen]").first().waitFor({ timeout: 10_000 });
    await sim({ type: "sim.pin", readerId: "main-in", keys: "999999#" });
    const duress = page.locator("[data-testid=alarms] > li").first();
    await expect.poll(() => duress.getAttribute("data-kind"), { timeout: 10_000 }).toBe("duress");
    expect(await duress.textContent()).toContain("DURESS");
    expect(await duress.textContent()).toContain("Duress: Alva Ek at Main entrance");
    expect(await page.getByTestId("app").getAttribute("class")).toContain("duress");
    const colour = await duress.evaluate(background);
    const other = await page.locator("[data-kind=forcedOpen]").first().evaluate(background);
    expect(colour).not.toBe(other);
    await page.getByTestId("nav-events").click();
    await expect.poll(() => eventsText(page)).toContain("DURESS: Alva Ek at Main entrance, side A");
    await sim({ type: "sim.door", doorId: "storage", open: false });
    await page.close();
  }, 60_000);

  it("at tablet width the alarms come first", async () => {
    const page = await signIn(browser, running.feed.url, operator, { width: 800, height: 1100 });
    const alarms = await page.locator(".alarm-panel").boundingBox();
    const doors = await page.getByTestId("doors").boundingBox();
    expect(alarms!.y + alarms!.height).toBeLessThanOrEqual(doors!.y);
    await page.close();
  }, 60_000);

  it("a viewer sees the doors with every action disabled", async () => {
    const page = await signIn(browser, running.feed.url, viewer);
    expect(await text(page, "role")).toBe("viewer");
    expect(await page.getByTestId("door-main-unlock").isDisabled()).toBe(true);
    expect(await page.getByTestId("history-csv").count()).toBe(0);
    await page.close();
  }, 60_000);

  it("a wrong token is refused", async () => {
    const page = await browser.newPage();
    await page.goto(`${running.feed.url}/`);
    await page.getByTestId("token").fill("not-a-token");
    await page.getByTestId("signin-button").click();
    await expect.poll(() => text(page, "signin-error"), { timeout: 10_000 }).not.toBe("");
    expect(await page.getByTestId("app").count()).toBe(0);
    await page.close();
  }, 60_000);

  it("lists each live event once, in order", async () => {
    const page = await signIn(browser, running.feed.url, operator);
    await page.getByTestId("nav-events").click();
    for (let i = 0; i < 5; i++) await sim({ type: "sim.swipe", readerId: "main-in", number: "12345" });
    await expect
      .poll(() => page.locator("[data-testid=events] li[data-type=AccessDenied]").count(), {
        timeout: 10_000,
      })
      .toBeGreaterThanOrEqual(5);
    // Lines newest first by their first event, a passage's steps in the order they happened.
    const lines = await listedLines(page);
    const firsts = lines.map((line) => line[0]!);
    expect(firsts).toEqual([...firsts].sort((a, b) => b - a));
    for (const line of lines) expect(line).toEqual([...line].sort((a, b) => a - b));
    const seqs = lines.flat();
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs.length).toBeGreaterThan(lines.length);
    await page.close();
  }, 60_000);

  it("shows a passage as one line that opens onto its steps; a denial meanwhile keeps its own line", async () => {
    const page = await signIn(browser, running.feed.url, operator);
    await page.getByTestId("nav-events").click();
    const after = running.host.store.journal.head();
    await sim({ type: "sim.swipe", readerId: "dock-in", number: "10003" });
    await sim({ type: "sim.swipe", readerId: "dock-in", number: "12345" });
    // The demo's simulated person opens the door, passes and closes it behind them.
    const journal = () => running.host.store.journal.readFrom(after + 1, 10_000);
    await expect
      .poll(async () => (await journal()).some((e) => e.type === "DoorClosed" && e.doorId === "dock"), {
        timeout: 15_000,
      })
      .toBe(true);
    const events = await journal();
    const cycle = events.filter((e) => "doorId" in e && e.doorId === "dock" && e.type !== "AccessDenied");
    expect(cycle.map((e) => e.type)).toEqual(
      expect.arrayContaining(["AccessGranted", "LockChanged", "DoorOpened", "AccessTaken", "DoorClosed"]),
    );
    const passage = page.locator(`[data-testid=events] > li[data-passage="${cycle[0]!.seq}"]`);
    await expect
      .poll(() => passage.locator("summary").textContent(), { timeout: 10_000 })
      .toContain("Cleo Ek passed Loading dock, side A");
    expect(
      await passage
        .locator("li[data-seq]")
        .evaluateAll((steps) => steps.map((li) => Number(li.getAttribute("data-seq")))),
    ).toEqual(cycle.map((e) => e.seq));
    const denial = events.find((e) => e.type === "AccessDenied")!;
    expect(await page.locator(`[data-testid=events] > li[data-seq="${denial.seq}"]`).count()).toBe(1);
    // Closed, the line is the outcome alone; opened, each step in words.
    const closed = passage.locator("li[data-type=DoorClosed]");
    expect(await closed.isVisible()).toBe(false);
    await passage.locator("summary").click();
    expect(await closed.textContent()).toContain("Loading dock closed");
    expect(await closed.isVisible()).toBe(true);
    await page.close();
  }, 60_000);

  it("gives each of two grants in one door cycle its own outcome", async () => {
    const page = await signIn(browser, running.feed.url, operator);
    await page.getByTestId("nav-events").click();
    const after = running.host.store.journal.head();
    // Bo's grant ends Alva's before anyone opened: Alva did not pass, Bo did.
    await sim({ type: "sim.swipe", readerId: "office-in", number: "10001" });
    await sim({ type: "sim.swipe", readerId: "office-in", number: "10002" });
    const journal = () => running.host.store.journal.readFrom(after + 1, 10_000);
    await expect
      .poll(async () => (await journal()).some((e) => e.type === "DoorClosed" && e.doorId === "office"), {
        timeout: 15_000,
      })
      .toBe(true);
    const events = await journal();
    const grants = events.filter((e) => e.type === "AccessGranted" && e.doorId === "office");
    expect(grants).toHaveLength(2);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["AccessNotTaken", "AccessTaken"]));
    const line = (seq: number) => page.locator(`[data-testid=events] > li[data-passage="${seq}"] summary`);
    await expect
      .poll(() => line(grants[0]!.seq).textContent(), { timeout: 10_000 })
      .toContain("did not pass");
    await expect
      .poll(() => line(grants[1]!.seq).textContent(), { timeout: 10_000 })
      .toContain("Bo Ek passed Open office");
    await page.close();
  }, 60_000);
});
