/** Cardholder photos named by an import must be readable images on the host (seed "Import cardholders"). */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { photoFolder } from "../../src/transfer/CardholderTransfer";
import { tempDir } from "../runtime/tempDir";
import { fileOf, importError, ONE_PIXEL_PNG, options, right, startTransferHost } from "./fixtures";

const csv = (...lines: string[]) => lines.join("\n") + "\n";

describe("photos in an import", () => {
  it("refuses a photo the host cannot find, read or show, and stores the host path of one it can", async () => {
    const dataDir = tempDir("import-photos");
    const photos = photoFolder(dataDir);
    mkdirSync(join(photos, "folder"), { recursive: true });
    writeFileSync(join(photos, "ana.png"), ONE_PIXEL_PNG);
    writeFileSync(join(photos, "notes.txt"), "not a picture");
    const { host, transfer } = await startTransferHost(dataDir);
    try {
      const before = fileOf(host);
      const refused = importError(
        await transfer.import(
          csv(
            "id,firstName,lastName,photoPath",
            "p1,Ana,Photo,ana.png",
            "p2,Bo,Missing,bo.jpg",
            `p3,Cy,Text,${join(photos, "notes.txt")}`,
            "p4,Di,Folder,folder",
          ),
          options({ mode: "add" }),
          "t",
        ),
      );
      expect(refused.issues).toEqual([
        {
          line: 3,
          field: "photoPath",
          message: `photo ${join(photos, "bo.jpg")} does not exist on the host`,
        },
        {
          line: 4,
          field: "photoPath",
          message: `photo ${join(photos, "notes.txt")} is not a JPEG, PNG, GIF or WebP image`,
        },
        { line: 5, field: "photoPath", message: `photo ${join(photos, "folder")} is not a file` },
      ]);
      expect(fileOf(host)).toEqual(before);

      right(
        await transfer.import(
          csv("id,firstName,lastName,photoPath", "p1,Ana,Photo,ana.png"),
          options({ mode: "add" }),
          "t",
        ),
      );
      expect(host.site.policy.cardholders.find((c) => c.id === "p1")?.photoPath).toBe(
        join(photos, "ana.png"),
      );

      // A photo a cardholder already has is not checked again: re-importing an export still applies
      // after the file moved, while a changed one is checked.
      rmSync(join(photos, "ana.png"));
      const exported = transfer.exportCsv();
      expect(right(await transfer.import(exported, options({ mode: "update" }), "t"))).toMatchObject({
        updated: 51,
      });
      const changed = importError(
        await transfer.import(csv("id,photoPath", "p1,ana2.png"), options({ mode: "update" }), "t"),
      );
      expect(changed.issues).toEqual([
        {
          line: 2,
          field: "photoPath",
          message: `photo ${join(photos, "ana2.png")} does not exist on the host`,
        },
      ]);
    } finally {
      await host.stop();
    }
  });
});
