/** The entity-by-entity merge of a changed site file into the stored one. */
import { describe, expect, it } from "vitest";
import { mergeSiteFile, type SiteFileJson } from "../../src/runtime/siteFileMerge";

const file = (
  cardholders: Array<{ id: string; lastName: string }>,
  pin = { minLength: 4 },
): SiteFileJson => ({
  name: "Site",
  controllers: [],
  doors: [],
  policy: { pin, cardholders },
});
const ann = { id: "ann", lastName: "A" };
const bob = { id: "bob", lastName: "B" };
const cid = { id: "cid", lastName: "C" };

describe("mergeSiteFile", () => {
  it("keeps runtime additions and removals the file did not touch, and applies the file's own", () => {
    const lastSeen = file([ann, bob]);
    const stored = file([ann, cid]); // bob removed, cid added at runtime
    const result = mergeSiteFile({
      stored,
      lastSeen,
      file: file([bob, { ...ann, lastName: "Z" }]),
      configWins: false,
    });
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    expect((result.merge.merged["policy"] as { cardholders: unknown[] }).cardholders).toEqual([
      { ...ann, lastName: "Z" },
      cid,
    ]);
    expect(result.merge.changes).toEqual([
      { entity: "cardholder", id: "ann", change: "put", overrodeRuntimeChange: false },
    ]);
  });

  it("takes a file change equal to the runtime change without a conflict or an event", () => {
    const result = mergeSiteFile({
      stored: file([ann, cid]),
      lastSeen: file([ann]),
      file: file([ann, cid]),
      configWins: false,
    });
    expect(result).toMatchObject({ ok: true, merge: { changes: [] } });
  });

  it("names every entity and setting changed both ways; with configWins the file's win, flagged", () => {
    const options = {
      stored: file([ann], { minLength: 6 }),
      lastSeen: file([ann, bob]),
      file: file([{ ...bob, lastName: "Q" }], { minLength: 5 }),
    };
    expect(mergeSiteFile({ ...options, configWins: false })).toEqual({
      ok: false,
      conflict: {
        conflicts: [
          { entity: "pin", id: "pin" },
          { entity: "cardholder", id: "bob" },
        ],
      },
    });
    const wins = mergeSiteFile({ ...options, configWins: true });
    expect(wins.ok && wins.merge.changes).toEqual([
      { entity: "pin", id: "pin", change: "set", overrodeRuntimeChange: true },
      { entity: "cardholder", id: "ann", change: "remove", overrodeRuntimeChange: false },
      { entity: "cardholder", id: "bob", change: "put", overrodeRuntimeChange: true },
    ]);
  });

  it("without a copy of the last file, treats every difference from the store as a conflict", () => {
    expect(
      mergeSiteFile({ stored: file([ann]), lastSeen: undefined, file: file([ann, bob]), configWins: false }),
    ).toEqual({ ok: false, conflict: { conflicts: [{ entity: "cardholder", id: "bob" }] } });
  });
});
