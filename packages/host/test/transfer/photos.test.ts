/** Cardholder photos named by an import must be readable images on the host (seed "Import cardholders"). */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { photoFolder } from "../../src/photos";
import { tempDir } from "../runtime/tempDir";
import { fileOf, importError, ONE_PIXEL_PNG, options, right, startTransferHost } from "./fixtures";

const csv = (...lines: string[]) => lines.join("\n") + "\n";

describe("photos in an import", () => {
  it("refuses a photo that is not an image file in the photo directory, and stores one that is as given", async () => {
    const dataDir = tempDir("import-photos");
    const photos = photoFolder(dataDir);
    mkdirSync(join(photos, "folder"), { recursive: true });
    writeFileSync(join(photos, "ana.png"), ONE_PIXEL_PNG);
    writeFileSync(join(photos, "notes.txt"), "not a picture");
    const { host, transfer } = await startTransferHost(dataDir);
    try {
      const before = fileOf(host);
      const outside = join(tempDir("import-photos-elsewhere"), "eve.png");
      writeFileSync(outside, ONE_PIXEL_PNG);
      const refused = importError(
        await transfer.import(
          csv(
            "id,firstName,lastName,photoPath",
            "p1,Ana,Photo,ana.png",
            "p2,Bo,Missing,bo.jpg",
            `p3,Cy,Text,${join(photos, "notes.txt")}`,
            "p4,Di,Folder,folder",
            `p5,Eve,Elsewhere,${outside}`,
            `p6,Fay,Climbing,${relative(photos, outside)}`,
          ),
          options({ mode: "add" }),
          "t",
        ),
      );
      const notInDir = (path: string) =>
        `photo ${path} is not a file in the host's photo directory ${photos} (missing, or outside it)`;
      const notImage = (path: string) =>
        `photo ${path} is not a JPEG, PNG, GIF or WebP image (by its extension and content)`;
      expect(refused.issues).toEqual([
        { line: 3, field: "photoPath", message: notInDir("bo.jpg") },
        { line: 4, field: "photoPath", message: notImage(join(photos, "notes.txt")) },
        { line: 5, field: "photoPath", message: notImage("folder") },
        { line: 6, field: "photoPath", message: notInDir(outside) },
        { line: 7, field: "photoPath", message: notInDir(relative(photos, outside)) },
      ]);
      expect(fileOf(host)).toEqual(before);

      right(
        await transfer.import(
          csv("id,firstName,lastName,photoPath", "p1,Ana,Photo,ana.png"),
          options({ mode: "add" }),
          "t",
        ),
      );
      expect(host.site.policy.cardholders.find((c) => c.id === "p1")?.photoPath).toBe("ana.png");

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
      expect(changed.issues).toEqual([{ line: 2, field: "photoPath", message: notInDir("ana2.png") }]);
    } finally {
      await host.stop();
    }
  });
});
