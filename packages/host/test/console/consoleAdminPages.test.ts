/**
 * The administration pages beyond people, in real Chromium on the demo site: credentials (with the
 * last swiped card), doors and their door policy, zones, schedules, identification profiles, card
 * formats and PIN, tokens. Each saves through the host, and a refusal shows beside the field it names.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { send, signIn } from "./consoleHarness";
import { refusalOf, saved, useAdminConsole } from "./consoleAdminHarness";

const ui = useAdminConsole("console-admin-pages");
const adminPage = ui.page;
let viewer: string;

beforeAll(async () => {
  viewer = (await ui.running.host.store.tokens.issue({ role: "viewer", label: "Vera" })).secret;
});

const text = (page: Page, testId: string) => page.getByTestId(testId).textContent();

const site = () => ui.running.host.site;

describe("administration pages", () => {
  it("credentials: search by owner, edit, a taken card number refused by name, and the last swiped card filled in", async () => {
    const page = await adminPage("credentials");
    await page.getByTestId("credential-search").fill("Greta Lind");
    await expect.poll(() => text(page, "credential-found")).toContain("2 found");
    await page.getByTestId("credential-ch17-card-edit").click();
    await page.getByTestId("credential-form-name").fill("Visitor badge");
    await saved(page, "credential-form");
    expect(site().policy.credentials.find((c) => c.id === "ch17-card")?.name).toBe("Visitor badge");

    // A swipe at the main entrance of a card nobody holds: the reader keeps it for enrolment.
    await send(ui.running.feed.url, ui.admin, { type: "sim.swipe", readerId: "main-in", number: "4242" });
    await expect
      .poll(() => send(ui.running.feed.url, ui.admin, { type: "door.lastCard", doorId: "main" }), {
        timeout: 10_000,
      })
      .toMatchObject({ card: { number: "4242" } });

    await page.getByTestId("credential-new").click();
    await page.getByTestId("credential-form-id").fill("ch17-spare");
    await page.getByTestId("credential-form-cardholderId").fill("ch17");
    expect(await text(page, "credential-form-cardholderId-name")).toBe("Greta Lind");
    await page.getByTestId("credential-form-name").fill("Spare card");
    // Cleo Ek's card number: the host refuses it, beside the number.
    await page.getByTestId("credential-form-number").fill("10003");
    await page.getByTestId("credential-form-save").click();
    expect(await refusalOf(page, "credential-form")).toBe("credential-form-number-error");

    await page.getByTestId("credential-form-lastCard-door").selectOption("main");
    await page.getByTestId("credential-form-lastCard-get").click();
    await expect.poll(() => page.getByTestId("credential-form-number").inputValue()).toBe("4242");
    expect(await text(page, "credential-form-lastCard-note")).toContain("Main entrance, side A");
    await saved(page, "credential-form");
    expect(site().policy.credentials.find((c) => c.id === "ch17-spare")).toMatchObject({
      cardholderId: "ch17",
      kind: "card",
      number: 4242n,
    });
    await page.close();
  }, 60_000);

  it("credentials: a PIN is never shown back, kept when the form leaves it empty, replaced when one is typed", async () => {
    const tagOf = () => {
      const c = site().policy.credentials.find((x) => x.id === "ch01-pin");
      return c?.kind === "pin" ? c.pinTag : undefined;
    };
    const before = tagOf();
    const page = await adminPage("credentials");
    await page.getByTestId("credential-search").fill("Alva Ek");
    await page.getByTestId("credential-ch01-pin-edit").click();
    expect(await page.getByTestId("credential-form-pin").inputValue()).toBe("");
    await page.getByTestId("credential-form-name").fill("Keypad PIN");
    await saved(page, "credential-form");
    const kept = site().policy.credentials.find((c) => c.id === "ch01-pin");
    expect(kept).toMatchObject({ name: "Keypad PIN", kind: "pin" });
    expect(tagOf()).toBe(before);
    await expect.poll(() => text(page, "credential-ch01-pin")).toContain("Keypad PIN");
    await page.getByTestId("credential-ch01-pin-edit").click();
    // Too short for the site's six digits.
    await page.getByTestId("credential-form-pin").fill("12");
    await page.getByTestId("credential-form-save").click();
    expect(await refusalOf(page, "credential-form")).toBe("credential-form-pin-error");
    await page.getByTestId("credential-form-pin").fill("864209");
    await saved(page, "credential-form");
    expect(tagOf()).not.toBe(before);
    expect(site().policy.credentials.find((c) => c.id === "ch01-pin")).toMatchObject({
      length: 6,
      name: "Keypad PIN",
    });
    await page.close();
  }, 60_000);

  it("doors: timing and unlock schedule saved, a timing out of range refused by name, and the profile per side", async () => {
    const page = await adminPage("doors");
    await page.getByTestId("door-storage-edit").click();
    await page.getByTestId("door-form-timing.accessTimeS").fill("100000");
    await page.getByTestId("door-form-save").click();
    expect(await refusalOf(page, "door-form")).toBe("door-form-timing.accessTimeS-error");
    await page.getByTestId("door-form-timing.accessTimeS").fill("12");
    await page.getByTestId("door-form-name").fill("Storage room");
    await page.getByTestId("door-form-unlockSchedule").selectOption("office-hours");
    await saved(page, "door-form");
    const storage = site().config.doors.find((d) => d.id === "storage");
    expect(storage).toMatchObject({ name: "Storage room", unlockSchedule: "office-hours" });
    expect(storage?.type === "standard" && storage.timing.accessTimeS).toBe(12);
    await expect.poll(() => text(page, "door-storage")).toContain("unlocked during Office hours");

    await page.getByTestId("door-storage-edit").click();
    await page.getByTestId("doorpolicy-form-profileA").selectOption("card-and-pin");
    await page.getByTestId("doorpolicy-form-doubleSwipe.timeoutS").fill("4");
    await page.getByTestId("doorpolicy-form-save").click();
    await expect
      .poll(() => site().policy.doorPolicies.find((p) => p.doorId === "storage"), { timeout: 10_000 })
      .toMatchObject({ profileId: { A: "card-and-pin", B: "card" }, doubleSwipe: { timeoutS: 4 } });
    await expect.poll(() => text(page, "door-storage")).toContain("A: Card and PIN, B: Card");
    await page.close();
  }, 60_000);

  it("zones: doors and anti-passback saved; a negative timeout refused by name", async () => {
    const page = await adminPage("zones");
    await page.getByTestId("zone-new").click();
    await page.getByTestId("zone-form-id").fill("yard");
    await page.getByTestId("zone-form-name").fill("Yard");
    await page.getByTestId("zone-form-doors-garage").selectOption("perimeter");
    await page.getByTestId("zone-form-doors-garage-leave").check();
    await page.getByTestId("zone-form-antiPassback.mode").selectOption("soft");
    await page.getByTestId("zone-form-antiPassback.timeoutS").fill("-5");
    await page.getByTestId("zone-form-save").click();
    expect(await refusalOf(page, "zone-form")).toBe("zone-form-antiPassback.timeoutS-error");
    await page.getByTestId("zone-form-antiPassback.timeoutS").fill("300");
    await saved(page, "zone-form");
    expect(site().policy.zones.find((z) => z.id === "yard")).toMatchObject({
      name: "Yard",
      doors: [{ doorId: "garage", role: "perimeter", leave: true }],
      antiPassback: { mode: "soft", timeoutS: 300 },
    });
    expect(await text(page, "zone-yard")).toContain("Garage · soft anti-passback");
    await page.close();
  }, 60_000);

  it("schedules: a weekly range written as a VEVENT, read back as a range; a range without days refused by name", async () => {
    const page = await adminPage("schedules");
    await page.getByTestId("schedule-new").click();
    await page.getByTestId("schedule-form-id").fill("weekend");
    await page.getByTestId("schedule-form-name").fill("Weekend mornings");
    await page.getByTestId("schedule-form-ranges-add").click();
    for (const day of ["MO", "TU", "WE", "TH", "FR"])
      await page.getByTestId(`schedule-form-ranges-0-${day}`).uncheck();
    await page.getByTestId("schedule-form-save").click();
    expect(await refusalOf(page, "schedule-form")).toBe("schedule-form-ranges-error");
    await page.getByTestId("schedule-form-ranges-0-SA").check();
    await page.getByTestId("schedule-form-ranges-0-SU").check();
    await page.getByTestId("schedule-form-ranges-0-from").fill("10:00");
    await page.getByTestId("schedule-form-ranges-0-to").fill("14:30");
    await saved(page, "schedule-form");
    expect(site().config.schedules.find((s) => s.id === "weekend")?.vevents).toEqual([
      "BEGIN:VEVENT\r\nDTSTART:19700105T100000\r\nDTEND:19700105T143000\r\nRRULE:FREQ=WEEKLY;BYDAY=SA,SU\r\nEND:VEVENT",
    ]);
    expect(await text(page, "schedule-weekend")).toContain("SA,SU 10:00–14:30");
    // The demo's daily "always" reads back as every day, all day.
    expect(await text(page, "schedule-always")).toContain("MO,TU,WE,TH,FR,SA,SU 00:00–24:00");
    await page.close();
  }, 60_000);

  it("identification profiles: alternatives per side saved; an alternative without factors refused by name", async () => {
    const page = await adminPage("profiles");
    await page.getByTestId("profile-new").click();
    await page.getByTestId("profile-form-id").fill("card-then-pin");
    await page.getByTestId("profile-form-name").fill("Card, or PIN at night");
    await page.getByTestId("profile-form-sides.A-add").click();
    await page.getByTestId("profile-form-sides.A-1-card").uncheck();
    await page.getByTestId("profile-form-save").click();
    expect(await refusalOf(page, "profile-form")).toBe("profile-form-sides.A-error");
    await page.getByTestId("profile-form-sides.A-1-pin").check();
    await page.getByTestId("profile-form-sides.A-1-schedules-always").check();
    await saved(page, "profile-form");
    expect(site().policy.profiles.find((p) => p.id === "card-then-pin")?.sides).toEqual({
      A: [
        { factors: ["card"], schedules: [] },
        { factors: ["pin"], schedules: ["always"] },
      ],
      B: [{ factors: ["card"], schedules: [] }],
    });
    expect(await text(page, "profile-card-then-pin")).toContain("side A: Card or PIN · side B: Card");
    await page.close();
  }, 60_000);

  it("card formats and PIN: settings saved with config.set; refusals beside the PIN length and the format's flag", async () => {
    const page = await adminPage("formats");
    await page.getByTestId("pin-form-maxLength").fill("3");
    await page.getByTestId("pin-form-save").click();
    expect(await refusalOf(page, "pin-form")).toBe("pin-form-maxLength-error");
    await page.getByTestId("pin-form-maxLength").fill("8");
    await page.getByTestId("pin-form-lockout.attempts").fill("3");
    await page.getByTestId("pin-form-save").click();
    await expect
      .poll(() => site().policy.pin, { timeout: 10_000 })
      .toMatchObject({ minLength: 6, maxLength: 8, lockout: { attempts: 3 } });

    // H10301 has 26 bits: its bytes cannot be inverted.
    await page.getByTestId("cardformats-form-H10301.invertByteOrder").check();
    await page.getByTestId("cardformats-form-save").click();
    expect(await refusalOf(page, "cardformats-form")).toBe("cardformats-form-H10301.invertByteOrder-error");
    await page.getByTestId("cardformats-form-H10301.invertByteOrder").uncheck();
    await page.getByTestId("cardformats-form-C1k48s.invertBitOrder").check();
    await page.getByTestId("cardformats-form-save").click();
    await expect
      .poll(() => site().config.cardFormats, { timeout: 10_000 })
      .toContainEqual(expect.objectContaining({ name: "C1k48s", invertBitOrder: true, active: true }));
    // The page reads the library again and shows what the host now holds.
    await expect
      .poll(() => page.getByTestId("cardformats-form-C1k48s.invertBitOrder").isChecked(), { timeout: 10_000 })
      .toBe(true);
    await page.close();
  }, 60_000);

  it("tokens: issued to a named user with its secret shown once, which signs in; then revoked", async () => {
    const page = await adminPage("tokens");
    await page.getByTestId("token-new").click();
    await page.getByTestId("token-form-user").fill("Nina Night");
    await page.getByTestId("token-form-role").selectOption("viewer");
    await saved(page, "token-form");
    const secret = await text(page, "token-secret");
    expect(secret?.length).toBeGreaterThan(30);
    const nina = (await ui.running.host.store.tokens.list()).find((t) => t.user === "Nina Night")!;
    expect(nina.role).toBe("viewer");
    await expect.poll(() => text(page, "token-list")).toContain("Nina Night");

    const second = await signIn(ui.browser, ui.running.feed.url, secret!);
    expect(await text(second, "role")).toBe("viewer");
    await second.close();

    await page.getByTestId(`token-${nina.id}-revoke`).click();
    await page.getByTestId(`token-${nina.id}-revoke-confirm`).click();
    await expect.poll(() => page.getByTestId(`token-${nina.id}`).count(), { timeout: 10_000 }).toBe(0);
    expect(
      (await ui.running.host.store.tokens.list()).find((t) => t.id === nina.id)?.revokedAt,
    ).toBeDefined();
    await page.close();
  }, 60_000);

  it("is not offered to a viewer, whose site file carries no card numbers", async () => {
    const page = await signIn(ui.browser, ui.running.feed.url, viewer);
    expect(await page.getByTestId("nav-admin").count()).toBe(0);
    const file = (await send(ui.running.feed.url, viewer, {
      type: "config.get",
      entity: "credential",
    })) as Array<Record<string, unknown>>;
    expect(file.some((c) => "number" in c || "pinTag" in c)).toBe(false);
    await page.close();
  }, 60_000);
});
