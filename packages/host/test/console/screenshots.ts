/**
 * Takes the console screenshots of the README (`pnpm screenshots`): a demo host in a temp directory
 * with some activity (a duress, a forced door, an acknowledged alarm, a muster), pages in Chromium.
 * Usage: tsx packages/host/test/console/screenshots.ts OUT_DIR
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { demoPin } from "../../src/demo/demoSite";
import { launchChromium, send, signIn, startDemo } from "./consoleHarness";

const out = resolve(process.argv[2] ?? "docs/console");
mkdirSync(out, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), "portcullis-screenshots-"));
const running = await startDemo(dataDir);
const browser = await launchChromium();
try {
  const token = async (role: "operator" | "admin", label: string) =>
    (await running.host.store.tokens.issue({ role, label })).secret;
  const operator = await token("operator", "Olga");
  const admin = await token("admin", "Adam");
  const sim = (command: Record<string, unknown>) => send(running.feed.url, operator, command);
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const people = async (count: number) => {
    for (let i = 1; i <= count; i++) {
      await sim({ type: "sim.swipe", readerId: "main-in", number: String(10_000 + i) });
      await pause(150);
    }
  };

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
  await pause(1_500);
  await people(6);
  await sim({ type: "sim.swipe", readerId: "main-in", number: "12345" });
  await sim({ type: "sim.door", doorId: "dock", open: true });
  await sim({ type: "sim.door", doorId: "storage", open: true });
  await pause(300);
  await sim({ type: "sim.door", doorId: "storage", open: false });
  await sim({ type: "door.unlock", doorId: "garage" });
  await sim({ type: "door.lockdown", doorId: "server" });
  await pause(500);

  const page = await signIn(browser, running.feed.url, operator);
  const storage = page.locator("[data-kind=forcedOpen]", { hasText: "Storage" });
  await storage.locator("input").fill("Cleaner left it open; closed it");
  await storage.locator("button").click();
  await sim({ type: "sim.pin", readerId: "main-in", keys: "999999#" });
  await page.locator("[data-kind=duress]").waitFor();
  await pause(500);
  const shot = async (name: string) => page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
  await shot("doors");
  for (const view of ["zones", "events"]) {
    await page.getByTestId(`nav-${view}`).click();
    await pause(500);
    await shot(view);
  }
  await page.getByTestId("nav-history").click();
  await page.getByTestId("history-category").selectOption("access");
  await page.getByTestId("history-search").click();
  await pause(500);
  await shot("history");
  await page.getByTestId("nav-muster").click();
  await page.getByTestId("muster-zone-building").check();
  await page.getByTestId("muster-reader-dock-in").check();
  await page.getByTestId("muster-start").click();
  await page.getByTestId("rollcall-run").click();
  await pause(500);
  await shot("muster");

  const adminPage = await signIn(browser, running.feed.url, admin);
  await adminPage.getByTestId("nav-admin").click();
  await adminPage.getByTestId("cardholder-search").pressSequentially("Greta");
  await adminPage.getByTestId("cardholder-ch07-edit").click();
  await pause(300);
  await adminPage.screenshot({ path: join(out, "admin-cardholders.png"), fullPage: true });
  await adminPage.getByTestId("admin-rules").click();
  await pause(300);
  await adminPage.screenshot({ path: join(out, "admin-rules.png"), fullPage: true });
  await adminPage.close();

  const tablet = await signIn(browser, running.feed.url, operator, { width: 800, height: 1100 });
  await pause(500);
  await tablet.screenshot({ path: join(out, "tablet.png") });

  await page.getByTestId("nav-doors").click();
  await running.stop();
  await page.getByTestId("offline-banner").waitFor();
  await page.evaluate("scrollTo(0, 0)");
  await page.screenshot({ path: join(out, "offline.png") });
} finally {
  await browser.close();
  await running.stop().catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
}
