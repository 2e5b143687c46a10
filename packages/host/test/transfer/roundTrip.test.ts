/** Export → import round trips on real SQLite files (seed "Import and export"). */
import { describe, expect, it } from "vitest";
import { tempDir } from "../runtime/tempDir";
import { emptyDemo, fileOf, options, people, right, startTransferHost } from "./fixtures";

describe("export and import round trip", () => {
  it("export then import Update changes nothing", async () => {
    const { host, transfer } = await startTransferHost(tempDir("transfer-update"));
    try {
      right(await host.config.configure({ op: "set", entity: "customFields", value: ["Department"] }, "t"));
      const ch = host.site.policy.cardholders[0]!;
      right(
        await host.config.configure(
          {
            op: "put",
            entity: "cardholder",
            value: {
              ...ch,
              photoPath: "/photos/a.jpg",
              customFields: [{ name: "Department", value: 'R&D, "lab"' }],
            },
          },
          "t",
        ),
      );
      const before = fileOf(host);
      const csv = transfer.exportCsv();
      const result = right(await transfer.import(csv, options({ mode: "update" }), "t"));
      expect(result).toMatchObject({ added: 0, updated: 50, removed: 0 });
      expect(fileOf(host)).toEqual(before);
    } finally {
      await host.stop();
    }
  });

  it("export then import New into a site without cardholders gives the same cardholders, credentials and groups", async () => {
    const { host, transfer } = await startTransferHost(tempDir("transfer-source"));
    let csv: string;
    let expected;
    try {
      csv = transfer.exportCsv();
      expected = people(host.site.policy);
    } finally {
      await host.stop();
    }
    const dataDir = tempDir("transfer-target");
    const target = await startTransferHost(dataDir, emptyDemo());
    try {
      expect(target.host.site.policy.cardholders).toEqual([]);
      const result = right(await target.transfer.import(csv, options({ mode: "new" }), "t"));
      expect(result).toMatchObject({ added: 50, updated: 0, removed: 0 });
      expect(people(target.host.site.policy)).toEqual(expected);
    } finally {
      await target.host.stop();
    }
    // Stored: a restart loads the imported cardholders.
    const again = await startTransferHost(dataDir, emptyDemo());
    try {
      expect(people(again.host.site.policy)).toEqual(expected);
    } finally {
      await again.host.stop();
    }
  });
});
