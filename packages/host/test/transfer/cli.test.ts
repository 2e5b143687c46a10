/** `portcullis export FILE` and `portcullis import FILE` as processes on a data directory, with the progress bar on stderr. */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { photoFolder } from "../../src/photos";
import { portcullis } from "../cli/run";
import { tempDir } from "../runtime/tempDir";
import { fileOf, ONE_PIXEL_PNG, startTransferHost } from "./fixtures";

describe("portcullis import and export", () => {
  it("exports, imports the export back unchanged, imports a new row, and refuses bad rows and a running host", async () => {
    const dataDir = tempDir("transfer-cli");
    const work = tempDir("transfer-cli-files");
    const started = await startTransferHost(dataDir);
    const before = fileOf(started.host);
    await started.host.stop();

    const out = join(work, "cardholders.csv");
    const exported = portcullis("export", out, "--data", dataDir);
    expect(exported.code).toBe(0);
    expect(exported.lines).toEqual([`Exported 50 cardholders to ${out}.`]);
    expect(exported.stderr).toContain("100% 50/50 cardholders");
    const csv = readFileSync(out, "utf8");
    expect(csv.split("\n")[0]).toMatch(/^id,firstName,lastName,email,/);

    const same = portcullis("import", out, "--mode", "update", "--data", dataDir);
    expect(same.code, same.stderr).toBe(0);
    expect(same.lines).toEqual([`Imported ${out}: 0 added, 50 updated, 0 removed.`]);
    expect(same.stderr).toContain("100% applying");
    const check = await startTransferHost(dataDir);
    try {
      expect(fileOf(check.host)).toEqual(before);
    } finally {
      await check.host.stop();
    }

    const semicolons = join(work, "new.csv");
    writeFileSync(semicolons, "Ny;Nova;0xBEEF;nova.png\n");
    // The photo is in the host's photo directory, where the console is shown it from.
    mkdirSync(photoFolder(dataDir), { recursive: true });
    writeFileSync(join(photoFolder(dataDir), "nova.png"), ONE_PIXEL_PNG);
    const added = portcullis(
      "import",
      semicolons,
      "--mode",
      "add",
      "--no-header",
      "--delimiter",
      ";",
      "--identifier",
      "name",
      "--columns",
      "lastName,firstName,cards,photoPath",
      "--data",
      dataDir,
    );
    expect(added.code, added.stderr).toBe(0);
    expect(added.lines).toEqual([`Imported ${semicolons}: 1 added, 0 updated, 0 removed.`]);

    appendFileSync(out, "bad1,Bad,Row,,,maybe,false,false,false,false,false,,\n");
    const refused = portcullis("import", out, "--mode", "update", "--data", dataDir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'portcullis import: import refused, nothing changed (1 problem): line 52, longAccess: "maybe" is not true or false',
    );

    expect(portcullis("import", out, "--data", dataDir)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("--mode new|update|add is required"),
    });

    const running = await startTransferHost(dataDir);
    try {
      const busy = portcullis("import", semicolons, "--mode", "add", "--data", dataDir);
      expect(busy.code).toBe(1);
      expect(busy.stderr).toMatch(/use its WebSocket command config\.import, or stop it first/);
      const nova = running.host.site.policy.cardholders.filter((c) => c.firstName === "Nova");
      expect(nova).toEqual([expect.objectContaining({ photoPath: "nova.png" })]);
    } finally {
      await running.host.stop();
    }
    // Each CLI run compiles the host with tsx: seconds on an idle machine, far more on a loaded one.
  }, 300_000);
});
