/**
 * What the administration pages' Chromium tests share: a demo host with an admin token and Chromium
 * per test file, and a form's refusal and save. Separate from consoleHarness.ts, which the
 * screenshot script also runs outside vitest.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import type { RunningSite } from "../../src/runtime/RunningSite";
import { tempDir } from "../runtime/tempDir";
import { launchChromium, openAdmin, startDemo } from "./consoleHarness";

/** What {@link useAdminConsole} gives a test file, once its `beforeAll` has run. */
export interface AdminConsole {
  readonly running: RunningSite;
  readonly browser: Browser;
  /** An admin token's secret. */
  readonly admin: string;
  /** The host's data directory. */
  readonly dataDir: string;
  /** Signs in as the admin and opens the administration page `section`. */
  readonly page: (section: string) => Promise<Page>;
}

/** A demo host with an admin token, and Chromium, for the test file that calls it; both stopped after it. */
export const useAdminConsole = (prefix: string): AdminConsole => {
  const dataDir = tempDir(prefix);
  const context = {
    dataDir,
    page: (section: string) => openAdmin(context.browser, context.running.feed.url, context.admin, section),
  } as { -readonly [K in keyof AdminConsole]: AdminConsole[K] };
  beforeAll(async () => {
    context.running = await startDemo(dataDir);
    context.admin = (await context.running.host.store.tokens.issue({ role: "admin", label: "Adam" })).secret;
    context.browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await context.browser?.close();
    await context.running?.stop();
  });
  return context;
};

/** The one refusal a form shows: its test id says which field it stands beside. */
export const refusalOf = async (page: Page, form: string) => {
  const refusal = page.locator(`[data-testid="${form}"] [role=alert]`);
  await refusal.waitFor({ timeout: 10_000 });
  return refusal.getAttribute("data-testid");
};

/** Saves a form and waits until it closes, which it does once the host has stored the change. */
export const saved = async (page: Page, form: string) => {
  await page.getByTestId(`${form}-save`).click();
  await expect.poll(() => page.getByTestId(form).count(), { timeout: 10_000 }).toBe(0);
};
