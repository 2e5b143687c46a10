/** Site documents with revisions, configuration entities with change sets and undo. */
import { join } from "node:path";
import { VirtualClock } from "@portcullis/testkit";
import { describe, expect, it } from "vitest";
import { RevisionConflict, Store } from "../../src/store";
import { useTempDir } from "./tempDir";

const dir = useTempDir();
const open = (clock = new VirtualClock(1_000)) => Store.open({ path: join(dir(), "config.db"), clock });

describe("SiteDocuments", () => {
  it("stores the site config with a revision and refuses a stale expected revision", async () => {
    const store = await open();
    const docs = store.siteDocuments;
    expect(await docs.get()).toBeUndefined();
    expect(await docs.put({ name: "HQ", doors: [] }, { expectedRevision: 0 })).toBe(1);
    expect(await docs.put({ name: "HQ 2", doors: [] })).toBe(2);
    const conflict = await docs.put({ name: "late" }, { expectedRevision: 1 }).catch((e: unknown) => e);
    expect(conflict).toEqual(new RevisionConflict({ name: "site", expected: 1, actual: 2 }));
    expect(await docs.get()).toEqual({
      name: "site",
      revision: 2,
      value: { name: "HQ 2", doors: [] },
      updatedAt: 1_000,
    });
    expect(await docs.put({ other: true }, { name: "ui" })).toBe(1);
    await store.close();
  });

  it("keeps bigints (card numbers reach 256 bits) through a save and a load", async () => {
    const store = await open();
    const big = (1n << 200n) + 7n;
    await store.siteDocuments.put(
      { credentials: [{ number: big, facility: 17n, name: "x" }], nested: [[1n]] },
      { name: "big" },
    );
    expect((await store.siteDocuments.get("big"))?.value).toEqual({
      credentials: [{ number: big, facility: 17n, name: "x" }],
      nested: [[1n]],
    });
    await store.close();
  });
});

describe("ConfigEntities", () => {
  it("upserts, lists, deletes, and numbers each change set", async () => {
    const store = await open();
    const e = store.entities;
    expect(await e.upsert("cardholder", "ch1", { firstName: "Ada" }, "admin")).toBe(1);
    expect(await e.upsert("cardholder", "ch2", { firstName: "Bob" }, "admin")).toBe(2);
    expect(await e.upsert("door", "d1", { name: "Front" }, "admin")).toBe(3);
    expect(await e.upsert("cardholder", "ch1", { firstName: "Ada" }, "admin")).toBe(3);
    expect((await e.list("cardholder")).map((x) => [x.id, x.value, x.revision])).toEqual([
      ["ch1", { firstName: "Ada" }, 1],
      ["ch2", { firstName: "Bob" }, 2],
    ]);
    expect(await e.remove("cardholder", "ch2", "op")).toBe(4);
    expect(await e.get("cardholder", "ch2")).toBeUndefined();
    expect(await e.remove("cardholder", "ch2", "op")).toBe(4);
    expect(await e.revision()).toBe(4);
    await store.close();
  });

  it("applies a change set all-or-nothing", async () => {
    const store = await open();
    const e = store.entities;
    await e.upsert("group", "g1", { name: "Staff" }, "admin");
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(
      e.apply(
        [
          { kind: "group", id: "g2", value: { name: "Guests" } },
          { kind: "group", id: "g3", value: cyclic },
        ],
        "import",
      ),
    ).rejects.toThrow();
    expect((await e.list("group")).map((g) => g.id)).toEqual(["g1"]);
    expect(await e.revision()).toBe(1);
    await store.close();
  });

  it("records history and reverts to an earlier revision as a new, undoable change set", async () => {
    const clock = new VirtualClock(1_000);
    const store = await open(clock);
    const e = store.entities;
    await e.upsert("door", "d1", { name: "Front" }, "admin");
    clock.advance(1_000);
    const imported = await e.apply(
      [
        { kind: "door", id: "d1", value: { name: "Front door" } },
        { kind: "door", id: "d2", value: { name: "Back" } },
        { kind: "door", id: "d2", value: { name: "Back door" } },
      ],
      "import",
    );
    expect(imported).toBe(2);
    expect(await e.history(1)).toEqual([
      {
        revision: 2,
        kind: "door",
        id: "d1",
        before: { name: "Front" },
        after: { name: "Front door" },
        at: 2_000,
        by: "import",
      },
      {
        revision: 2,
        kind: "door",
        id: "d2",
        before: undefined,
        after: { name: "Back door" },
        at: 2_000,
        by: "import",
      },
    ]);
    await e.remove("door", "d1", "admin");

    expect(await e.revertTo(1, "undo")).toBe(4);
    expect((await e.list("door")).map((d) => [d.id, d.value])).toEqual([["d1", { name: "Front" }]]);
    expect(await e.revertTo(3, "redo")).toBe(5);
    expect((await e.list("door")).map((d) => [d.id, d.value])).toEqual([["d2", { name: "Back door" }]]);
    await store.close();
  });
});
