/**
 * The administration pages over a site's records, in real Chromium on the demo site over the real
 * host: import (bad rows listed by line and column, a mapped file, a file sent in parts),
 * undo import and export; the configuration reports; backups; and a cardholder's photo.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { listBackups, backupsDir } from "../../src/backup";
import { send } from "./consoleHarness";
import { useAdminConsole } from "./consoleAdminHarness";

const ui = useAdminConsole("console-admin-records");
const adminPage = ui.page;

const text = (page: Page, testId: string) => page.getByTestId(testId).textContent();

const csvFile = (name: string, csv: string) => ({ name, mimeType: "text/csv", buffer: Buffer.from(csv) });

/** The text of the file a click downloads. */
const downloaded = async (page: Page, testId: string): Promise<{ name: string; text: string }> => {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testId).click()]);
  return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, "utf8") };
};

const cardholders = () => ui.running.host.site.policy.cardholders;

describe("administration: import, reports, backups, photos", () => {
  it("import: bad rows listed by line and column, a mapped file imported, undone, and exported", async () => {
    const page = await adminPage("transfer");
    const before = cardholders().length;

    await page
      .getByTestId("import-file")
      .setInputFiles(
        csvFile(
          "bad.csv",
          "id,firstName,lastName,longAccess,cards\nn1,Nova,Ny,perhaps,1001\nn2,Odd,Row,false,12zz\nn3\n",
        ),
      );
    await page.getByTestId("import-run").click();
    await page.getByTestId("import-issues").waitFor({ timeout: 10_000 });
    expect(await page.getByTestId("import-issues").locator("tbody tr").allTextContents()).toEqual([
      '2longAccess"perhaps" is not true or false',
      '3cards"12zz" is neither a decimal nor a hexadecimal card number',
      "4rowhas 1 columns; the file's columns are 5",
    ]);
    expect(cardholders().length).toBe(before);

    // A file with its own headings and `;`: the columns are mapped by hand, people found by name.
    await page
      .getByTestId("import-file")
      .setInputFiles(csvFile("staff.csv", "Surname;Given;Badge\nNy;Nova;0x3E9\nSol;Siri;1002\n"));
    await page.getByTestId("import-delimiter").selectOption(";");
    await page.getByTestId("import-mode").selectOption("add");
    await page.getByTestId("import-identifier").selectOption("name");
    await page.getByTestId("import-column-0").selectOption("lastName");
    await page.getByTestId("import-column-1").selectOption("firstName");
    await page.getByTestId("import-column-2").selectOption("cards");
    await page.getByTestId("import-run").click();
    await expect
      .poll(() => text(page, "import-result"), { timeout: 10_000 })
      .toContain("2 added, 0 updated, 0 removed");
    const nova = cardholders().find((c) => c.firstName === "Nova" && c.lastName === "Ny");
    expect(nova).toBeDefined();
    expect(
      ui.running.host.site.policy.credentials.find((c) => c.cardholderId === nova!.id && c.kind === "card"),
    ).toMatchObject({ number: 1001n });
    expect(cardholders().length).toBe(before + 2);

    // A file larger than one WebSocket message goes in parts, and the connection stays up.
    const big = `id,firstName,lastName\n${Array.from({ length: 3_000 }, (_, i) => `big${i},Big,Person${i}`).join("\n")}\n`;
    expect(big.length).toBeGreaterThan(64 * 1024);
    await page.getByTestId("import-file").setInputFiles(csvFile("big.csv", big));
    await page.getByTestId("import-delimiter").selectOption(",");
    await page.getByTestId("import-identifier").selectOption("id");
    await page.getByTestId("import-run").click();
    await expect
      .poll(() => text(page, "import-result"), { timeout: 30_000 })
      .toContain("3000 added, 0 updated, 0 removed");
    expect(cardholders().find((c) => c.id === "big2999")).toMatchObject({ lastName: "Person2999" });

    // A file wrong throughout: the first 500 problems are listed, all of them on request.
    const wrong = `id,firstName,lastName,longAccess\n${Array.from({ length: 800 }, (_, i) => `w${i},W,R,maybe`).join("\n")}\n`;
    await page.getByTestId("import-file").setInputFiles(csvFile("wrong.csv", wrong));
    await page.getByTestId("import-delimiter").selectOption(",");
    await page.getByTestId("import-identifier").selectOption("id");
    await page.getByTestId("import-run").click();
    await page.getByTestId("import-issues-all").waitFor({ timeout: 10_000 });
    expect(await text(page, "import-error")).toContain("800 problems");
    expect(await page.getByTestId("import-issues").locator("tbody tr").count()).toBe(500);
    await page.getByTestId("import-issues-all").click();
    expect(await page.getByTestId("import-issues").locator("tbody tr").count()).toBe(800);
    expect(await text(page, "import-issue-799")).toBe('801longAccess"maybe" is not true or false');
    expect(await text(page, "connection")).toBe("live");

    await page.getByTestId("undo-import").click();
    await page.getByTestId("undo-import-confirm").click();
    await page.getByTestId("undo-import-done").waitFor({ timeout: 10_000 });
    // Back to before the last import that applied: the big file's people are gone, Nova stays.
    expect(cardholders().length).toBe(before + 2);
    expect(cardholders().some((c) => c.id.startsWith("big"))).toBe(false);
    expect(cardholders().some((c) => c.firstName === "Nova")).toBe(true);

    const exported = await downloaded(page, "export-csv");
    expect(exported.name).toBe("cardholders.csv");
    expect(exported.text.split("\n")[0]).toMatch(/^id,firstName,lastName,email,photoPath,/);
    expect(exported.text.trim().split("\n")).toHaveLength(before + 3);
    await page.close();
  }, 90_000);

  it("import in mode New asks first, then replaces every cardholder", async () => {
    const page = await adminPage("transfer");
    await page
      .getByTestId("import-file")
      .setInputFiles(csvFile("only.csv", "id,firstName,lastName\nsolo,Solo,Person\n"));
    await page.getByTestId("import-mode").selectOption("new");
    await page.getByTestId("import-run").click();
    expect(cardholders().some((c) => c.id === "solo")).toBe(false);
    await page.getByTestId("import-run-confirm").click();
    await expect.poll(() => text(page, "import-result"), { timeout: 10_000 }).toContain("1 added");
    expect(cardholders().map((c) => c.id)).toEqual(["solo"]);
    await page.getByTestId("undo-import").click();
    await page.getByTestId("undo-import-confirm").click();
    await page.getByTestId("undo-import-done").waitFor({ timeout: 10_000 });
    expect(cardholders().length).toBeGreaterThan(1);
    await page.close();
  }, 60_000);

  it("reports: each shown as a table and downloaded as the host writes it", async () => {
    const page = await adminPage("reports");
    await page.getByTestId("report-door-access-show").click();
    const table = page.getByTestId("report-door-access-table");
    await table.waitFor({ timeout: 10_000 });
    expect(await table.locator("thead th").first().textContent()).toBeTruthy();
    expect(await table.locator("tbody tr").count()).toBeGreaterThan(0);
    const csv = (await send(ui.running.feed.url, ui.admin, {
      type: "report.configuration",
      report: "zone-access",
    })) as { csv: string };
    const file = await downloaded(page, "report-zone-access-csv");
    expect(file.name).toBe("zone-access.csv");
    expect(file.text).toBe(csv.csv);
    await page.close();
  }, 60_000);

  it("backups: backs up now, lists what is kept, and says how to restore", async () => {
    const page = await adminPage("backups");
    // The harness turns the nightly backup off.
    expect(await text(page, "backup-nightly")).toContain("The nightly backup is off");
    await page.getByTestId("backup-now").click();
    await page.getByTestId("backup-written").waitFor({ timeout: 10_000 });
    const [file] = await listBackups(backupsDir(ui.dataDir));
    expect(await text(page, "backup-written")).toContain(file);
    await page.getByTestId(`backup-${file}`).waitFor();
    const listed = (await send(ui.running.feed.url, ui.admin, { type: "backup.list" })) as {
      backups: { file: string; bytes: number; at: number }[];
      nightly: unknown;
    };
    expect(listed.nightly).toBeNull();
    expect(listed.backups).toEqual([
      { file, bytes: statSync(join(backupsDir(ui.dataDir), file!)).size, at: expect.any(Number) },
    ]);
    // Its time is the one in its name (a UTC stamp), which the page shows in the site's zone.
    expect(file).toBe(`portcullis-${new Date(listed.backups[0]!.at).toISOString().replace(/[-:]/g, "")}.db`);
    expect(await text(page, "backup-restore")).toContain("DATA/restore/");
    await page.close();
  }, 60_000);

  it("cardholders: another admin's addition, edit and removal reach an open page, each entity read alone", async () => {
    const page = await adminPage("cardholders");
    await page.getByTestId("cardholder-ch03").waitFor({ timeout: 10_000 });
    // What the page sends from now on (its socket is open: its sends go through the prototype).
    await page.evaluate(() => {
      const scope = globalThis as unknown as {
        sent: string[];
        WebSocket: { prototype: { send: (data: unknown) => void } };
      };
      const sent: string[] = [];
      scope.sent = sent;
      const original = scope.WebSocket.prototype.send;
      scope.WebSocket.prototype.send = function (this: unknown, data: unknown) {
        if (typeof data === "string") sent.push(data);
        return original.call(this, data);
      };
    });
    const reads = async () =>
      (await page.evaluate(() => (globalThis as unknown as { sent: string[] }).sent))
        .map((text) => JSON.parse(text) as { type: string; command?: Record<string, unknown> })
        .filter((m) => m.type === "command" && m.command?.["type"] === "config.get")
        .map((m) => m.command);
    const row = (id: string) => page.getByTestId(`cardholder-${id}`);
    const admin = (command: Record<string, unknown>) => send(ui.running.feed.url, ui.admin, command);

    await admin({
      type: "config.put",
      entity: "cardholder",
      value: { id: "zz1", firstName: "Zelda", lastName: "Zed" },
    });
    // The list shows its first rows: the new cardholder, last, is found by name.
    await page.getByTestId("cardholder-search").fill("Zelda");
    await expect.poll(() => row("zz1").textContent(), { timeout: 10_000 }).toContain("Zelda");
    await admin({
      type: "config.patch",
      entity: "cardholder",
      id: "ch03",
      fields: { firstName: "Zelda-Renamed" },
    });
    await expect.poll(() => row("ch03").textContent(), { timeout: 10_000 }).toContain("Zelda-Renamed");
    await admin({ type: "config.remove", entity: "cardholder", id: "zz1" });
    await expect.poll(() => row("zz1").count(), { timeout: 10_000 }).toBe(0);
    // Each change read its cardholder only (a removal reads nothing), never the whole site file.
    expect(await reads()).toEqual([
      { type: "config.get", entity: "cardholder", id: "zz1" },
      { type: "config.get", entity: "cardholder", id: "ch03" },
    ]);
    await page.close();
  }, 60_000);

  it("cardholders: the photo the host serves from its photo directory is shown, in the list and the form", async () => {
    const photos = join(ui.dataDir, "photos");
    mkdirSync(photos, { recursive: true });
    // A 1×1 PNG.
    writeFileSync(
      join(photos, "alva.png"),
      Buffer.from(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
        "base64",
      ),
    );
    await send(ui.running.feed.url, ui.admin, {
      type: "config.patch",
      entity: "cardholder",
      id: "ch01",
      fields: { photoPath: "alva.png" },
    });
    await send(ui.running.feed.url, ui.admin, {
      type: "config.patch",
      entity: "cardholder",
      id: "ch02",
      fields: { photoPath: "../main.key" },
    });
    const page = await adminPage("cardholders");
    // In the list beside her name; nothing beside a cardholder whose photo the host cannot show.
    const thumb = page.getByTestId("cardholder-ch01-photo-image");
    await thumb.waitFor({ timeout: 10_000 });
    expect(await page.getByTestId("cardholder-ch02-photo-image").count()).toBe(0);
    await page.getByTestId("cardholder-ch01-edit").click();
    const image = page.getByTestId("cardholder-form-photoPath-image");
    await image.waitFor({ timeout: 10_000 });
    await expect
      .poll(() => image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
      .toBe(1);
    expect(await page.getByTestId("cardholder-form-photoPath").inputValue()).toBe("alva.png");
    await page.getByTestId("cardholder-form-cancel").click();
    // A path out of the photo directory: the host serves nothing, and the page says why.
    await page.getByTestId("cardholder-ch02-edit").click();
    expect(await text(page, "cardholder-form-photoPath-missing")).toBe(
      "the photo is not a file in the photo directory",
    );
    await page.close();
  }, 60_000);
});
