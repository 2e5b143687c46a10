/**
 * Administration settings beyond the first pages, in real Chromium on the demo site over the real
 * host: a schedule's special days. Each saves through the host, and a refusal shows beside its field.
 */
import { describe, expect, it } from "vitest";
import { refusalOf, saved, useAdminConsole } from "./consoleAdminHarness";

const ui = useAdminConsole("console-admin-settings");
const adminPage = ui.page;

const config = () => ui.running.host.site.config;

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

  it("card formats: a custom format added with its fields and parity, a field beyond its bits refused by name, then activated and removed", async () => {
    const page = await adminPage("formats");
    const form = "customformat-form";
    await page.getByTestId("customformat-new").click();
    await page.getByTestId(`${form}-name`).fill("Acme30");
    await page.getByTestId(`${form}-bits`).fill("30");
    await page.getByTestId(`${form}-cardNumber.range.from`).fill("9");
    await page.getByTestId(`${form}-cardNumber.range.to`).fill("30");
    await page.getByTestId(`${form}-hasFacilityCode`).check();
    await page.getByTestId(`${form}-facilityCode.range.from`).fill("1");
    await page.getByTestId(`${form}-facilityCode.range.to`).fill("8");
    await page.getByTestId(`${form}-parity-add`).click();
    await page.getByTestId(`${form}-parity-0-over`).fill("1-14");
    await page.getByTestId(`${form}-parity-add`).click();
    await page.getByTestId(`${form}-parity-1-position`).fill("29");
    await page.getByTestId(`${form}-parity-1-parity`).selectOption("odd");
    await page.getByTestId(`${form}-parity-1-over`).fill("15-28");
    await page.getByTestId(`${form}-save`).click();
    expect(await refusalOf(page, form)).toBe(`${form}-cardNumber.range.to-error`);
    expect(await page.getByTestId(`${form}-cardNumber.range.to-error`).textContent()).toContain("30 bits");

    await page.getByTestId(`${form}-cardNumber.range.to`).fill("28");
    await saved(page, form);
    const acme = () =>
      (config().cardFormats as ReadonlyArray<{ name: string; active?: boolean }>).find(
        (f) => f.name === "Acme30",
      );
    expect(acme()).toMatchObject({
      bits: 30,
      cardNumber: { range: { from: 9, to: 28 } },
      facilityCode: { range: { from: 1, to: 8 } },
      parity: [
        { position: 0, parity: "even", over: [{ from: 1, to: 14 }] },
        { position: 29, parity: "odd", over: [{ from: 15, to: 28 }] },
      ],
    });
    await page.getByTestId("customformat-Acme30").waitFor({ timeout: 10_000 });

    // A new format starts inactive; its active flag is the one the other formats have.
    await page.getByTestId("cardformats-form-Acme30.active").check();
    await page.getByTestId("cardformats-form-save").click();
    await expect.poll(() => acme()?.active, { timeout: 10_000 }).toBe(true);

    await page.getByTestId("customformat-Acme30-remove").click();
    await page.getByTestId("customformat-Acme30-remove-confirm").click();
    await expect.poll(() => acme(), { timeout: 10_000 }).toBeUndefined();
    await page.close();
  }, 60_000);

  it("readers: a reader's own PIN length and end key saved on its door; a length below the shortest refused by name", async () => {
    const page = await adminPage("doors");
    await page.getByTestId("door-main-edit").click();
    const form = "readers-form";
    await page.getByTestId(`${form}-A0.custom`).check();
    await page.getByTestId(`${form}-A0.minLength`).fill("8");
    await page.getByTestId(`${form}-A0.maxLength`).fill("4");
    await page.getByTestId(`${form}-save`).click();
    expect(await refusalOf(page, form)).toBe(`${form}-A0.maxLength-error`);

    await page.getByTestId(`${form}-A0.minLength`).fill("4");
    await page.getByTestId(`${form}-A0.endCharacter`).selectOption("*");
    await saved(page, form);
    const reader = (id: string) =>
      config()
        .doors.flatMap((d) => (d.type === "monitoring" ? [] : [...d.sides.A.readers, ...d.sides.B.readers]))
        .find((r) => r.id === id);
    expect(reader("main-in")?.pin).toEqual({ minLength: 4, maxLength: 4, endCharacter: "*" });
    expect(reader("main-out")?.pin).toBeUndefined();

    // Back to the site's PIN length.
    await page.getByTestId("door-main-edit").click();
    await page.getByTestId(`${form}-A0.custom`).uncheck();
    await saved(page, form);
    expect(reader("main-in")?.pin).toBeUndefined();
    await page.close();
  }, 60_000);
});
