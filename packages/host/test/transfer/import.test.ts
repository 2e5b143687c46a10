/** Cardholder import on a real SQLite file: modes, identifiers, card numbers, columns, refusals, undo. */
import { describe, expect, it } from "vitest";
import { NoImportToUndo } from "../../src/transfer/ImportError";
import { tempDir } from "../runtime/tempDir";
import { fileOf, importError, left, options, right, startTransferHost } from "./fixtures";

const csv = (...lines: string[]) => lines.join("\n") + "\n";

describe("cardholder import", () => {
  it("reports every bad row with its line and column, and changes nothing", async () => {
    const { host, transfer } = await startTransferHost(tempDir("import-bad"));
    try {
      const before = fileOf(host);
      const file = csv(
        "id,firstName,lastName,suspended,cards",
        "n1,Nora,New,false,0x1F",
        "n2,Nils,New,maybe,12",
        "n3,Nina,New,,12zz",
        "n1,Nora,Again,false,",
        "n4,Nora,Clash,false,10001",
        "n5,Only,Four",
      );
      const error = importError(await transfer.import(file, options({ mode: "add" }), "t"));
      expect(error._tag).toBe("ImportError");
      expect(error.issues).toEqual([
        { line: 3, field: "suspended", message: '"maybe" is not true or false' },
        { line: 4, field: "cards", message: '"12zz" is neither a decimal nor a hexadecimal card number' },
        { line: 5, field: "id", message: "the same cardholder as line 2" },
        { line: 7, field: "row", message: "has 3 columns; the file's columns are 5" },
      ]);
      expect(fileOf(host)).toEqual(before);
      expect(await host.store.db.get("SELECT slot FROM import_undo")).toBeUndefined();

      // Rows fine on their own but not with the site: the engine's refusal is mapped back to the line.
      const clash = importError(
        await transfer.import(
          csv("id,firstName,lastName,cards", "n4,Nora,Clash,10001"),
          options({ mode: "add" }),
          "t",
        ),
      );
      expect(clash.issues).toEqual([
        expect.objectContaining({ line: 2, field: "number", message: "card number 10001 is already in use" }),
      ]);
      expect(fileOf(host)).toEqual(before);
    } finally {
      await host.stop();
    }
  });

  it("New replaces the cardholders, Add keeps them and refuses existing ones, Update changes only mapped columns", async () => {
    const { host, transfer } = await startTransferHost(tempDir("import-modes"));
    try {
      const added = right(
        await transfer.import(
          csv("id,firstName,lastName,cards", "x1,Xena,Add,0xFF|300"),
          options({ mode: "add" }),
          "t",
        ),
      );
      expect(added).toMatchObject({ added: 1, updated: 0, removed: 0 });
      expect(host.site.policy.cardholders).toHaveLength(51);
      const cards = host.site.policy.credentials.filter((c) => c.cardholderId === "x1");
      expect(cards.map((c) => (c.kind === "card" ? c.number : undefined))).toEqual([255n, 300n]);

      const again = importError(
        await transfer.import(csv("id,firstName,lastName", "ch01,A,B"), options({ mode: "add" }), "t"),
      );
      expect(again.issues[0]).toMatchObject({ line: 2, field: "id" });

      // Update by email (matched whatever its case): the mapped columns change, id, credentials and groups stay.
      const ch01 = host.site.policy.cardholders.find((c) => c.id === "ch01")!;
      right(
        await transfer.import(
          csv("email;lastName", "PERSON1@demo.example;Ekström"),
          options({ mode: "update", identifier: "email", delimiter: ";" }),
          "t",
        ),
      );
      expect(host.site.policy.cardholders.find((c) => c.id === "ch01")).toEqual({
        ...ch01,
        lastName: "Ekström",
        email: "PERSON1@demo.example",
      });
      expect(host.site.policy.credentials.filter((c) => c.cardholderId === "ch01")).toHaveLength(2);

      // New, no header, by name, hex card numbers, groups by name (a new one is created).
      const fresh = right(
        await transfer.import(
          csv("Ada,Lovelace,ff,Staff|Night shift", "Alan,Turing,100,Staff"),
          options({
            mode: "new",
            header: false,
            identifier: "name",
            cardNumbers: "hex",
            columns: ["firstName", "lastName", "cards", "groups"],
          }),
          "t",
        ),
      );
      expect(fresh).toMatchObject({ added: 2, removed: 51 });
      const policy = host.site.policy;
      expect(policy.cardholders.map((c) => `${c.firstName} ${c.lastName}`)).toEqual([
        "Ada Lovelace",
        "Alan Turing",
      ]);
      expect(policy.credentials.map((c) => (c.kind === "card" ? c.number : undefined))).toEqual([255n, 256n]);
      const [ada, alan] = policy.cardholders.map((c) => c.id);
      expect(policy.groups.find((g) => g.id === "staff")!.members).toEqual([ada, alan]);
      expect(policy.groups.find((g) => g.name === "Night shift")!.members).toEqual([ada]);
      expect(policy.groups.find((g) => g.id === "lab")!.members).toEqual([]);
    } finally {
      await host.stop();
    }
  });

  it("takes custom fields the site defines and refuses a column naming another", async () => {
    const { host, transfer } = await startTransferHost(tempDir("import-custom"));
    try {
      right(await host.config.configure({ op: "set", entity: "customFields", value: ["Department"] }, "t"));
      const unknown = importError(
        await transfer.import(
          csv("id,firstName,lastName,Badge", "ch01,Alva,Ek,7"),
          options({ mode: "update" }),
          "t",
        ),
      );
      expect(unknown.issues).toEqual([
        { line: 1, field: "column 4", message: expect.stringContaining('unknown column "Badge"') },
      ]);
      right(
        await transfer.import(
          csv("id,firstName,lastName,Department", "ch01,Alva,Ek,Security"),
          options({ mode: "update" }),
          "t",
        ),
      );
      expect(host.site.policy.cardholders.find((c) => c.id === "ch01")!.customFields).toEqual([
        { name: "Department", value: "Security" },
      ]);
      // The site cannot drop a name cardholders still use.
      const dropped = left(
        await host.config.configure({ op: "set", entity: "customFields", value: [] }, "t"),
      );
      expect(dropped.message).toContain('unknown custom field "Department"');
    } finally {
      await host.stop();
    }
  });

  it("undo import puts back cardholders and hardware configuration as before the import, after a restart too", async () => {
    const dataDir = tempDir("import-undo");
    const first = await startTransferHost(dataDir);
    const before = fileOf(first.host);
    try {
      right(
        await first.transfer.import(
          csv("id,firstName,lastName", "z1,Zed,Only"),
          options({ mode: "new" }),
          "t",
        ),
      );
      expect(first.host.site.policy.cardholders.map((c) => c.id)).toEqual(["z1"]);
      // A hardware change after the import: undo goes back past it too.
      const doors = fileOf(first.host)["doors"] as Array<Record<string, unknown>>;
      const main = doors.find((d) => d["id"] === "main")!;
      right(
        await first.host.config.configure(
          {
            op: "put",
            entity: "door",
            value: {
              ...main,
              timing: { ...(main["timing"] as object), accessTimeS: 9 },
            },
          },
          "t",
        ),
      );
    } finally {
      await first.host.stop();
    }
    const second = await startTransferHost(dataDir);
    try {
      expect(second.host.site.policy.cardholders.map((c) => c.id)).toEqual(["z1"]);
      right(await second.transfer.undoImport("t"));
      expect(fileOf(second.host)).toEqual(before);
      expect(left(await second.transfer.undoImport("t"))).toBeInstanceOf(NoImportToUndo);
    } finally {
      await second.host.stop();
    }
    const third = await startTransferHost(dataDir);
    try {
      expect(fileOf(third.host)).toEqual(before);
    } finally {
      await third.host.stop();
    }
  });
});
