/**
 * The console on the reference site of DESIGN §8 in real Chromium: 10 000 doors and 100 000
 * cardholders (testkit's `referenceSite`, as the bench builds it), plus one cardholder to look for.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { referenceSite } from "@portcullis/testkit";
import type { RunningSite } from "../../src/runtime/RunningSite";
import { tempDir } from "../runtime/tempDir";
import { launchChromium, startSite } from "./consoleHarness";

const DOORS = 10_000;
const CARDHOLDERS = 100_000;
const ZELDA = { number: 4242n, facility: 99n };

/**
 * The reference site with its readers wired as Wiegand, so that no OSDP line needs a serial port,
 * and one more member of the security group (every door, always): Zelda Quartermaine.
 */
const site = () => {
  const file = referenceSite({ doors: DOORS, cardholders: CARDHOLDERS });
  type Side = {
    readonly readers?: ReadonlyArray<{ readonly id: string; readonly port?: string | undefined }> | undefined;
  };
  const wiegand = (side: Side | undefined) => ({
    ...side,
    readers: (side?.readers ?? []).map(({ id, port }) => ({ id, type: "wiegand", port, wiegand: {} })),
  });
  const policy = file.policy as Record<string, Array<Record<string, unknown>>>;
  return {
    ...file,
    doors: file.doors.map((d) =>
      "sides" in d ? { ...d, sides: { A: wiegand(d.sides?.A), B: wiegand(d.sides?.B) } } : d,
    ),
    policy: {
      ...policy,
      cardholders: [...policy["cardholders"]!, { id: "zelda", firstName: "Zelda", lastName: "Quartermaine" }],
      credentials: [
        ...policy["credentials"]!,
        {
          id: "zelda-card",
          cardholderId: "zelda",
          name: "badge",
          kind: "card",
          number: String(ZELDA.number),
          bitLength: 26,
          facilityCode: String(ZELDA.facility),
        },
      ],
      groups: policy["groups"]!.map((g) =>
        g["id"] === "security" ? { ...g, members: [...(g["members"] as string[]), "zelda"] } : g,
      ),
    },
  };
};

const file = site();
/** The first zone of the site and its entrance (perimeter) door. */
type Zone = { readonly id: string; readonly doors: ReadonlyArray<{ doorId: string; role: string }> };
const zones = (file.policy as unknown as { zones: ReadonlyArray<Zone> }).zones;
const zone = zones[0]!;
const entrance = zone.doors.find((d) => d.role === "perimeter")!.doorId;

let running: RunningSite;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  running = await startSite(file, tempDir("console-scale"), false);
  const admin = (await running.host.store.tokens.issue({ role: "admin", label: "Adam" })).secret;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${running.feed.url}/`);
  await page.getByTestId("token").fill(admin);
  await page.getByTestId("signin-button").click();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await running?.stop();
});

const text = (testId: string) => page.getByTestId(testId).textContent();

describe("console at 10 000 doors and 100 000 cardholders", () => {
  it("shows the first doors by name, finds one by name and commands it", async () => {
    await page.getByTestId("door-d0").waitFor({ timeout: 60_000 });
    // Door snapshots come in batches after sign-in: the count grows until every door is in.
    await expect
      .poll(() => text("door-count"), { timeout: 30_000 })
      .toBe("10000 of 10000 doors, 9940 more: refine the search");
    expect(await page.locator("[data-testid=doors] > article").count()).toBe(60);
    await page.getByTestId("door-search").pressSequentially("Door 4242");
    await expect.poll(() => text("door-count"), { timeout: 10_000 }).toBe("1 of 10000 doors");
    await page.getByTestId("door-d4242-unlock").click();
    await expect.poll(() => text("door-d4242-why"), { timeout: 10_000 }).toBe("manual unlock");
    expect(running.host.site.door("d4242")?.mode).toBe("Unlocked");
  }, 120_000);

  it("finds a cardholder among 100 000 as you type", async () => {
    await page.getByTestId("nav-admin").click();
    await page.getByTestId("admin-cardholders").click();
    await expect
      .poll(() => text("cardholder-found"), { timeout: 60_000 })
      .toBe(`${CARDHOLDERS + 1} found, first 50 shown`);
    await page.getByTestId("cardholder-search").pressSequentially("Zelda Q");
    await expect.poll(() => text("cardholder-found"), { timeout: 10_000 }).toBe("1 found");
    expect(await text("cardholder-zelda")).toContain("Zelda Quartermaine");
  }, 120_000);

  it("shows a swipe in words", async () => {
    await page.getByTestId("nav-events").click();
    running.host.site.push({ type: "card", readerId: "d1234-a", ...ZELDA });
    await expect
      .poll(() => text("events"), { timeout: 10_000 })
      .toContain("Zelda Quartermaine granted at Door 1234, side A");
  }, 120_000);

  it("shows a zone's presence as someone walks in, and takes a roll call of every zone", async () => {
    await page.getByTestId("nav-zones").click();
    await page.getByTestId(`zone-${zone.id}`).waitFor({ timeout: 30_000 });
    const before = Number(await text(`zone-${zone.id}-count`));
    // The door's first reading is taken silently (DESIGN §4): seen closed, then the passage.
    running.host.site.push({ type: "door", doorId: entrance, open: false });
    running.host.site.push({ type: "card", readerId: `${entrance}-a`, ...ZELDA });
    running.host.site.push({ type: "door", doorId: entrance, open: true });
    running.host.site.push({ type: "door", doorId: entrance, open: false });
    await expect
      .poll(async () => Number(await text(`zone-${zone.id}-count`)), { timeout: 10_000 })
      .toBe(before + 1);

    await page.getByTestId("nav-muster").click();
    await page.getByTestId("rollcall-run").click();
    await expect.poll(() => text(`rollcall-${zone.id}`), { timeout: 30_000 }).toContain("Zelda Quartermaine");
    expect(await page.locator("[data-testid^=rollcall-z]").count()).toBe(zones.length);
  }, 120_000);

  it("searches the history by person and by a door among 10 000", async () => {
    await running.host.store.journal.flush();
    await page.getByTestId("nav-history").click();
    await page.getByTestId("history-person").fill("Zelda Quartermaine");
    await page.getByTestId("history-search").click();
    await expect
      .poll(() => text("history"), { timeout: 30_000 })
      .toContain("Zelda Quartermaine granted at Door 1234, side A");
    // Doors are offered by name as you type: the few that match, not 10 000 options.
    await page.getByTestId("history-door").fill("Door 424");
    const offered = await page
      .locator("#history-doors option")
      .evaluateAll((options) => options.map((o) => (o as unknown as { value: string }).value));
    expect(offered).toHaveLength(11);
    expect(offered).toContain("Door 4242");
    // A name no door has is said so, not searched.
    await page.getByTestId("history-door").fill("Door 99999");
    await page.getByTestId("history-search").click();
    expect(await text("history-error")).toBe("No door has that name: pick one of the doors offered");
    await page.getByTestId("history-door").fill(`Door ${entrance.slice(1)}`);
    await page.getByTestId("history-search").click();
    await expect.poll(() => text("history"), { timeout: 30_000 }).not.toContain("Door 1234");
    expect(await text("history")).toContain(
      `Zelda Quartermaine granted at Door ${entrance.slice(1)}, side A`,
    );
  }, 120_000);

  it("lists credentials, groups and rules a page at a time, and finds a credential by its owner", async () => {
    await page.getByTestId("nav-admin").click();
    await page.getByTestId("admin-credentials").click();
    await page.getByTestId("credential-search").pressSequentially("Zelda");
    await expect.poll(() => text("credential-found"), { timeout: 30_000 }).toBe("1 found");
    for (const [tab, entity] of [
      ["groups", "group"],
      ["rules", "rule"],
      ["doors", "door"],
    ] as const) {
      await page.getByTestId(`admin-${tab}`).click();
      await expect.poll(() => text(`${entity}-found`), { timeout: 30_000 }).toMatch(/^\d+ found/);
    }
    expect(await text("door-found")).toBe("10000 found, first 50 shown");
  }, 120_000);
});
