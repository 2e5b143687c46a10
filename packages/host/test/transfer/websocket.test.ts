/** Import, export and undo import as an admin reaches them: `config.*` commands over the real WebSocket of a running host. */
import { describe, expect, it } from "vitest";
import { demoSiteFile } from "../../src/demo/demoSite";
import { silentLogger } from "../../src/runtime/logger";
import { startRunningSite } from "../../src/runtime/RunningSite";
import { connect } from "../feed/client";
import { tempDir } from "../runtime/tempDir";

const ADMIN = "admin-secret-for-the-transfer-websocket-test";

describe("import and export over the WebSocket", () => {
  it("imports, exports and undoes as admin only, refusing bad rows by line and unknown custom fields by name", async () => {
    const running = await startRunningSite({
      demo: true,
      site: { file: demoSiteFile(), source: "demo" },
      dataDir: tempDir("transfer-ws"),
      listen: { host: "127.0.0.1", port: 0 },
      consoleDir: tempDir("transfer-ws-console"),
      logger: silentLogger,
      environment: { PORTCULLIS_ADMIN_TOKEN: ADMIN },
    });
    const url = `${running.feed.url.replace("http", "ws")}/ws`;
    try {
      const operator = await connect(url);
      await operator.hello(running.tokens.find((t) => t.role === "operator")!.secret);
      for (const type of ["config.export", "config.undoImport"])
        expect(await operator.command({ type })).toMatchObject({ ok: false, error: { code: "Forbidden" } });
      operator.close();

      const admin = await connect(url);
      expect(await admin.hello(ADMIN)).toMatchObject({ role: "admin" });
      admin.send({ type: "subscribe", topics: ["events"] });

      expect(
        await admin.command({
          type: "config.set",
          entity: "customFields",
          value: ["Department", "Shoe size"],
        }),
      ).toMatchObject({ ok: true });
      // A value under a name the site does not define: a typed error naming the field.
      expect(
        await admin.command({
          type: "config.put",
          entity: "cardholder",
          value: {
            id: "ch01",
            firstName: "Alva",
            lastName: "Ek",
            customFields: [{ name: "Badge", value: "7" }],
          },
        }),
      ).toMatchObject({
        ok: false,
        error: {
          code: "ConfigError",
          message: expect.stringMatching(/^customFields\[0\]\.name: unknown custom field "Badge"/),
        },
      });

      const bad = await admin.command({
        type: "config.import",
        mode: "update",
        csv: "id,firstName,lastName,Department,longAccess\nch01,Alva,Ek,Security,perhaps\nch02,Bo,Ek,,true\nch03\n",
      });
      expect(bad).toMatchObject({ ok: false, error: { code: "ImportError" } });
      expect((bad["error"] as { message: string }).message).toBe(
        'import refused, nothing changed (2 problems): line 2, longAccess: "perhaps" is not true or false; ' +
          "line 4, row: has 1 columns; the file's columns are 5",
      );
      expect(await admin.command({ type: "config.importColumns" })).toMatchObject({
        ok: true,
        value: {
          columns: expect.arrayContaining(["id", "photoPath", "suspended", "groups", "cards", "pin"]),
        },
      });
      // Every bad row also comes as data, for a client to list beside the file.
      expect((bad["error"] as { issues: unknown }).issues).toEqual([
        { line: 2, field: "longAccess", message: '"perhaps" is not true or false' },
        { line: 4, field: "row", message: "has 1 columns; the file's columns are 5" },
      ]);

      const imported = await admin.command({
        type: "config.import",
        mode: "update",
        csv: "id,firstName,lastName,Department,longAccess\nch01,Alva,Ek,Security,true\nnew1,Nova,Ny,Lab,false\n",
      });
      expect(imported).toMatchObject({ ok: true, value: { added: 1, updated: 1, removed: 0 } });
      expect(
        await admin.next(
          (m) => m.type === "event" && (m["event"] as { type: string; id?: string }).id === "import",
        ),
      ).toMatchObject({
        event: { type: "ConfigChanged", entity: "site", change: "replace", by: "first admin" },
      });

      const report = await admin.command({
        type: "report.configuration",
        report: "cardholders-details",
        format: "rows",
      });
      const table = report["value"] as { header: string[]; rows: string[][] };
      expect(table.header.slice(4, 7)).toEqual(["Status", "Department", "Shoe size"]);
      expect(table.rows.find((r) => r[0] === "new1")!.slice(5, 7)).toEqual(["Lab", ""]);

      const exported = await admin.command({ type: "config.export" });
      const csv = (exported["value"] as { csv: string }).csv;
      const lines = csv.trim().split("\n");
      expect(lines[0]).toBe(
        "id,firstName,lastName,email,photoPath,longAccess,suspended,allowDoubleSwipe,exemptFromLockdown," +
          "exemptFromAntiPassback,global,groups,credentials,Department,Shoe size",
      );
      expect(lines).toHaveLength(52);
      expect(lines.find((l) => l.startsWith("new1,"))).toBe(
        "new1,Nova,Ny,,,false,false,false,false,false,false,,,Lab,",
      );

      expect(await admin.command({ type: "config.undoImport" })).toMatchObject({ ok: true });
      const cardholders = await admin.command({ type: "config.get", entity: "cardholder" });
      expect((cardholders["value"] as Array<{ id: string }>).map((c) => c.id)).not.toContain("new1");
      expect(await admin.command({ type: "config.undoImport" })).toMatchObject({
        ok: false,
        error: { code: "NoImportToUndo" },
      });
      admin.close();
    } finally {
      await running.stop();
    }
  });

  it("imports a file larger than one message in parts, in order, as the admin who began it", async () => {
    const running = await startRunningSite({
      demo: true,
      site: { file: demoSiteFile(), source: "demo" },
      dataDir: tempDir("transfer-ws-parts"),
      listen: { host: "127.0.0.1", port: 0 },
      consoleDir: tempDir("transfer-ws-parts-console"),
      logger: silentLogger,
      environment: { PORTCULLIS_ADMIN_TOKEN: ADMIN },
    });
    const url = `${running.feed.url.replace("http", "ws")}/ws`;
    try {
      const rows = Array.from({ length: 3000 }, (_, i) => `big${i},Person,Number ${i},${i}@example.org`);
      const file = ["id,firstName,lastName,email", ...rows].join("\n") + "\n";
      expect(file.length).toBeGreaterThan(64 * 1024);

      const operator = await connect(url);
      await operator.hello(running.tokens.find((t) => t.role === "operator")!.secret);
      expect(await operator.command({ type: "config.importBegin" })).toMatchObject({
        ok: false,
        error: { code: "Forbidden" },
      });
      operator.close();

      const admin = await connect(url);
      await admin.hello(ADMIN);
      const begun = await admin.command({ type: "config.importBegin" });
      const { uploadId } = begun["value"] as { uploadId: string };
      const PART = 30_000;
      for (let index = 0; index * PART < file.length; index++) {
        const sent = await admin.command({
          type: "config.importPart",
          uploadId,
          index,
          text: file.slice(index * PART, (index + 1) * PART),
        });
        expect(sent).toMatchObject({ ok: true, value: { chars: Math.min((index + 1) * PART, file.length) } });
      }
      expect(await admin.command({ type: "config.importPart", uploadId, index: 0, text: "x" })).toMatchObject(
        {
          ok: false,
          error: { code: "UploadOutOfOrder" },
        },
      );
      expect(
        await admin.command({ type: "config.import", mode: "add", uploadId, csv: "id\n" }),
      ).toMatchObject({ ok: false, error: { code: "BadCommand" } });
      expect(await admin.command({ type: "config.import", mode: "add", uploadId })).toMatchObject({
        ok: true,
        value: { added: 3000, updated: 0, removed: 0 },
      });
      expect(running.host.site.policy.cardholders.find((c) => c.id === "big2999")).toMatchObject({
        lastName: "Number 2999",
        email: "2999@example.org",
      });
      // Imported: the upload is closed.
      expect(await admin.command({ type: "config.import", mode: "add", uploadId })).toMatchObject({
        ok: false,
        error: { code: "UnknownUpload" },
      });

      // The same file in one message is over the limit: the server closes the connection (1009).
      admin.send({
        type: "command",
        id: "whole",
        command: { type: "config.import", mode: "update", csv: file },
      });
      expect(await admin.closed()).toBe(1009);
    } finally {
      await running.stop();
    }
  });
});
