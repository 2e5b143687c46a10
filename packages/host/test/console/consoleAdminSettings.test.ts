/**
 * Administration settings beyond the first pages, in real Chromium on the demo site over the real
 * host: a schedule's special days. Each saves through the host, and a refusal shows beside its field.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSite } from "../../src/runtime/RunningSite";
import { tempDir } from "../runtime/tempDir";
import { launchChromium, openAdmin, refusalOf, saved, startDemo } from "./consoleHarness";

let running: RunningSite;
let browser: Browser;
let admin: string;

beforeAll(async () => {
  running = await startDemo(tempDir("console-admin-settings"));
  admin = (await running.host.store.tokens.issue({ role: "admin", label: "Adam" })).secret;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await running?.stop();
});

const adminPage = (section: string): Promise<Page> => openAdmin(browser, running.feed.url, admin, section);

const config = () => running.host.site.config;

describe("administration settings", () => {
  it("schedules: special days replace the week on their date; a range ending before it starts refused by name", async () => {
    const page = await adminPage("schedules");
    await page.getByTestId("schedule-office-hours-edit").click();
    const days = "schedule-form-specialDays";
    await page.getByTestId(`${days}-add`).click();
    await page.getByTestId(`${days}-0-date`).fill("2026-12-24");
    await page.getByTestId(`${days}-0-add`).click();
    await page.getByTestId(`${days}-0-0-start`).fill("09:00");
    await page.getByTestId(`${days}-0-0-end`).fill("08:00");
    await page.getByTestId(`${days}-add`).click();
    await page.getByTestId(`${days}-1-date`).fill("2026-12-25");
    await page.getByTestId("schedule-form-save").click();
    expect(await refusalOf(page, "schedule-form")).toBe("schedule-form-specialDays-error");
    expect(config().schedules.find((s) => s.id === "office-hours")?.specialDays ?? []).toEqual([]);

    await page.getByTestId(`${days}-0-0-end`).fill("12:00");
    await saved(page, "schedule-form");
    expect(config().schedules.find((s) => s.id === "office-hours")?.specialDays).toEqual([
      { date: "2026-12-24", ranges: [{ start: "09:00", end: "12:00" }] },
      { date: "2026-12-25", ranges: [] },
    ]);
    await expect
      .poll(() => page.getByTestId("schedule-office-hours").textContent())
      .toContain("2 special days");
    await page.close();
  }, 60_000);
});
