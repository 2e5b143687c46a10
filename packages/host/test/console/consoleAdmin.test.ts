/** The administration pages in real Chromium: cardholders searched as you type and edited, field errors by name, groups, rules. */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSite } from "../../src/runtime/RunningSite";
import { tempDir } from "../runtime/tempDir";
import { launchChromium, signIn, startDemo } from "./consoleHarness";

let running: RunningSite;
let browser: Browser;
let admin: string;
let operator: string;

beforeAll(async () => {
  running = await startDemo(tempDir("console-admin"));
  admin = (await running.host.store.tokens.issue({ role: "admin", label: "Adam" })).secret;
  operator = (await running.host.store.tokens.issue({ role: "operator", label: "Olga" })).secret;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await running?.stop();
});

const adminPage = async (section: "cardholders" | "groups" | "rules"): Promise<Page> => {
  const page = await signIn(browser, running.feed.url, admin);
  await page.getByTestId("nav-admin").click();
  await page.getByTestId(`admin-${section}`).click();
  return page;
};

const text = (page: Page, testId: string) => page.getByTestId(testId).textContent();

describe("administration", () => {
  it("finds cardholders as you type and saves an edit through the host", async () => {
    const page = await adminPage("cardholders");
    expect(await text(page, "cardholder-found")).toContain("50 found");
    await page.getByTestId("cardholder-search").pressSequentially("Greta");
    await expect.poll(() => text(page, "cardholder-found")).toContain("5 found");
    await page.getByTestId("cardholder-search").pressSequentially(" Lind");
    await expect.poll(() => text(page, "cardholder-found")).toContain("1 found");
    await page.getByTestId("cardholder-ch17-edit").click();
    await page.getByTestId("cardholder-form-lastName").fill("Lindqvist");
    await page.getByTestId("cardholder-form-save").click();
    await expect.poll(() => page.getByTestId("cardholder-form").count(), { timeout: 10_000 }).toBe(0);
    expect(running.host.site.policy.cardholders.find((c) => c.id === "ch17")?.lastName).toBe("Lindqvist");
    await page.getByTestId("cardholder-search").fill("Lindqvist");
    await expect.poll(() => text(page, "cardholder-list"), { timeout: 10_000 }).toContain("Greta Lindqvist");
    await page.close();
  }, 60_000);

  it("creates a group with members (a refusal shown beside the field it names), and a rule that says what it lacks", async () => {
    const page = await adminPage("groups");
    await page.getByTestId("group-new").click();
    await page.getByTestId("group-form-id").fill("night");
    await page.getByTestId("group-form-name").fill("Night shift");
    await page.getByTestId("group-form-members-ch01").check();
    await page.getByTestId("group-form-members-ch02").check();
    // Two letters at most: the host refuses, the form says so beside the field, nothing is stored.
    await page.getByTestId("group-form-initials").fill("NSX");
    await page.getByTestId("group-form-save").click();
    const refusal = page.locator("[data-testid=group-form] [role=alert]");
    await refusal.waitFor({ timeout: 10_000 });
    expect(await refusal.getAttribute("data-testid")).toBe("group-form-initials-error");
    expect(running.host.site.policy.groups.some((g) => g.id === "night")).toBe(false);
    await page.getByTestId("group-form-initials").fill("NS");
    await page.getByTestId("group-form-save").click();
    await expect
      .poll(() => text(page, "group-night"), { timeout: 10_000 })
      .toContain("Night shift 2 members");
    await page.getByTestId("admin-rules").click();
    await page.getByTestId("rule-new").click();
    await page.getByTestId("rule-form-id").fill("night-dock");
    await page.getByTestId("rule-form-name").fill("Night shift at the dock");
    await page.getByTestId("rule-form-groups-night").check();
    await page.getByTestId("rule-form-doors-dock").check();
    await page.getByTestId("rule-form-save").click();
    await expect
      .poll(() => text(page, "rule-night-dock"), { timeout: 10_000 })
      .toContain("Night shift → Loading dock");
    expect(await text(page, "rule-night-dock-incomplete")).toBe("incomplete: no when");
    await page.getByTestId("rule-night-dock-remove").click();
    await page.getByTestId("rule-night-dock-remove-confirm").click();
    await expect.poll(() => page.getByTestId("rule-night-dock").count(), { timeout: 10_000 }).toBe(0);
    await page.close();
  }, 60_000);

  it("is not offered to an operator", async () => {
    const page = await signIn(browser, running.feed.url, operator);
    expect(await page.getByTestId("nav-admin").count()).toBe(0);
    await page.close();
  }, 60_000);
});
