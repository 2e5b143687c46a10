/**
 * Takes the console screenshots of the README (`pnpm screenshots`): a demo host in a temp directory
 * with some activity (a duress, a forced door, an acknowledged alarm, a muster, a cardholder's photo,
 * an import refused), pages in Chromium.
 * Usage: tsx packages/host/test/console/screenshots.ts OUT_DIR
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
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

  // A drawn portrait for Greta Ek, rendered by Chromium itself into the host's photo directory.
  const portrait = await browser.newPage({ viewport: { width: 96, height: 120 } });
  await portrait.setContent(
    `<body style="margin:0;background:#c9d6e8;overflow:hidden">
      <div style="position:absolute;left:28px;top:18px;width:40px;height:46px;border-radius:50%;background:#e8b796"></div>
      <div style="position:absolute;left:24px;top:12px;width:48px;height:26px;border-radius:24px 24px 6px 6px;background:#8a5a2b"></div>
      <div style="position:absolute;left:10px;top:72px;width:76px;height:70px;border-radius:38px 38px 0 0;background:#2f4f7f"></div>
    </body>`,
  );
  mkdirSync(join(dataDir, "photos"));
  writeFileSync(join(dataDir, "photos", "greta-ek.png"), await portrait.screenshot());
  await portrait.close();
  await send(running.feed.url, admin, {
    type: "config.patch",
    entity: "cardholder",
    id: "ch07",
    fields: { photoPath: "greta-ek.png" },
  });

  const adminPage = await signIn(browser, running.feed.url, admin);
  await adminPage.getByTestId("nav-admin").click();
  await adminPage.getByTestId("cardholder-search").pressSequentially("Greta");
  await adminPage.getByTestId("cardholder-ch07-edit").click();
  await adminPage.getByTestId("cardholder-form-photoPath-image").waitFor();
  await pause(300);
  await adminPage.screenshot({ path: join(out, "admin-cardholders.png"), fullPage: true });
  await adminPage.getByTestId("admin-rules").click();
  await pause(300);
  await adminPage.screenshot({ path: join(out, "admin-rules.png"), fullPage: true });
  await adminPage.getByTestId("admin-transfer").click();
  await adminPage.getByTestId("import-file").setInputFiles({
    name: "staff.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(
      "Surname;Given;Badge;Team\nNy;Nova;0x3E9;Lab\nSol;Siri;10003;Lab\nBerg;Tove;12zz;Office\n",
    ),
  });
  await adminPage.getByTestId("import-delimiter").selectOption(";");
  await adminPage.getByTestId("import-mode").selectOption("add");
  await adminPage.getByTestId("import-identifier").selectOption("name");
  for (const [column, heading] of ["lastName", "firstName", "cards", "groups"].entries())
    await adminPage.getByTestId(`import-column-${column}`).selectOption(heading);
  await adminPage.getByTestId("import-run").click();
  await adminPage.getByTestId("import-issues").waitFor();
  await adminPage.screenshot({ path: join(out, "admin-import.png"), fullPage: true });
  await adminPage.getByTestId("admin-reports").click();
  await adminPage.getByTestId("report-door-access-show").click();
  await adminPage.getByTestId("report-door-access-table").waitFor();
  await adminPage.screenshot({ path: join(out, "admin-reports.png"), fullPage: true });
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
