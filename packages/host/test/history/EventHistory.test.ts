/**
 * History queries over a real SQLite journal spanning several filter blocks: every filter and both
 * orders, paged to the end, give exactly the events a plain scan gives — with block filters, without
 * them, and with a filter written by a follower that joined mid-block.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { EngineEvent } from "@portcullis/engine";
import { VirtualClock } from "@portcullis/testkit";
import { EventHistory } from "../../src/history/EventHistory";
import type { EventQuery } from "../../src/history/EventQuery";
import type { KeyedEvent } from "../../src/history/eventKeys";
import { JournalBlooms } from "../../src/history/JournalBlooms";
import { Store } from "../../src/store";
import { useTempDir } from "../store/tempDir";

const T0 = Date.UTC(2026, 0, 5, 8);
const N = 10_000;
const ZONE_DOORS: Record<string, string[]> = { z1: ["d1", "d2"] };

/** A mix of the event shapes the journal holds: doors, readers, one or many cardholders, zones. */
const eventAt = (seq: number): EngineEvent => {
  const at = T0 + seq * 1_000;
  const doorId = `d${seq % 7}`;
  switch (seq % 5) {
    case 0:
      return {
        type: "AccessGranted",
        seq,
        at,
        doorId,
        side: "A",
        readerId: `${doorId}-in`,
        grantId: `g${seq}`,
        cardholderIds: [`c${seq % 13}`],
      };
    case 1:
      return {
        type: "AccessDenied",
        seq,
        at,
        doorId,
        side: "A",
        readerId: `${doorId}-in`,
        reason: "Unauthorized",
        // Only the first events know "early": a filter missing them would hide them.
        cardholderId: seq < 50 ? "early" : `c${seq % 13}`,
      };
    case 2:
      return { type: "DoorOpened", seq, at, doorId };
    case 3:
      return {
        type: "AntiPassbackViolation",
        seq,
        at,
        doorId,
        side: "A",
        zoneId: seq % 2 ? "z1" : "z2",
        cardholderId: `c${seq % 11}`,
        mode: "soft",
      };
    default:
      return {
        type: "AccessTaken",
        seq,
        at,
        doorId,
        grantId: `g${seq}`,
        cardholderIds: [`c${seq % 13}`, `c${seq % 3}`],
        side: "A",
        ...(seq % 3 === 0 && { toZone: "z3" }),
      };
  }
};
const ALL = Array.from({ length: N }, (_, i) => eventAt(i + 1));

/** What a query must return, written out field by field, independently of the code under test. */
const expected = (q: EventQuery): EngineEvent[] => {
  const hits = ALL.filter((e) => {
    const f = e as unknown as Record<string, unknown>;
    const people = [f["cardholderId"], ...((f["cardholderIds"] as string[] | undefined) ?? [])];
    const zoneDoors = q.zoneId === undefined ? [] : (ZONE_DOORS[q.zoneId] ?? []);
    return (
      (q.from === undefined || e.at >= q.from) &&
      (q.to === undefined || e.at < q.to) &&
      (q.doorIds === undefined || q.doorIds.includes(f["doorId"] as string)) &&
      (q.cardholderId === undefined || people.includes(q.cardholderId)) &&
      (q.types === undefined || q.types.includes(e.type)) &&
      (q.zoneId === undefined ||
        [f["zoneId"], f["fromZone"], f["toZone"]].includes(q.zoneId) ||
        zoneDoors.includes(f["doorId"] as string))
    );
  });
  return q.order === "asc" ? hits : hits.reverse();
};

const QUERIES: EventQuery[] = [
  {},
  { doorIds: ["d3"] },
  { cardholderId: "c5" },
  { types: ["AccessDenied"] },
  { zoneId: "z1" },
  { zoneId: "z3" },
  { cardholderId: "c5", types: ["AccessGranted", "AccessTaken"], from: T0 + 1_000_000, to: T0 + 8_000_000 },
  { doorIds: ["d1", "d4"], from: T0 + 2_000_500, to: T0 + 7_500_000 },
  { cardholderId: "nobody" },
];

const pageThrough = async (history: EventHistory, q: EventQuery): Promise<KeyedEvent[]> => {
  const seen: KeyedEvent[] = [];
  let page = await history.query({ ...q, limit: 97 });
  for (;;) {
    expect(page.events.length).toBeLessThanOrEqual(97);
    seen.push(...page.events);
    if (page.next === undefined) return seen;
    page = await history.query({ ...q, limit: 97, after: page.next });
  }
};

describe("event history", () => {
  const dir = useTempDir();

  const journalled = async (
    follow: (blooms: JournalBlooms, store: Store) => void = (b, s) => void b.follow(s.journal.committed$),
  ) => {
    const store = await Store.open({ path: join(dir(), "history.db"), clock: new VirtualClock(T0) });
    const blooms = new JournalBlooms(store.db);
    follow(blooms, store);
    for (const e of ALL) store.journal.append(e);
    await store.journal.flush();
    await blooms.settled();
    const history = new EventHistory(store.db, store.journal, blooms, (z) => ZONE_DOORS[z]);
    return { store, blooms, history };
  };

  it("pages through exactly what a scan finds, for every filter, newest or oldest first", async () => {
    const { store, history } = await journalled();
    // 10 000 events fill two blocks of 4 096: both have filters, the third is still open.
    expect((await store.db.all("SELECT block FROM journal_blooms ORDER BY block")).length).toBe(2);
    for (const q of QUERIES)
      for (const order of ["asc", "desc"] as const) {
        const got = await pageThrough(history, { ...q, order });
        expect(
          got.map((e) => e.seq),
          JSON.stringify({ ...q, order }),
        ).toEqual(expected({ ...q, order }).map((e) => e.seq));
      }
    await store.close();
  });

  it("finds the same without filters, and catchUp writes the missing ones", async () => {
    const { store, blooms, history } = await journalled(() => {});
    expect((await store.db.all("SELECT block FROM journal_blooms")).length).toBe(0);
    const q: EventQuery = { cardholderId: "c7", types: ["AccessDenied"] };
    expect((await pageThrough(history, q)).map((e) => e.seq)).toEqual(expected(q).map((e) => e.seq));
    await blooms.catchUp(store.journal.head());
    expect((await store.db.all("SELECT block FROM journal_blooms")).length).toBe(2);
    expect((await pageThrough(history, q)).map((e) => e.seq)).toEqual(expected(q).map((e) => e.seq));
    await store.close();
  });

  it("a follower that joins mid-block reads the block back before writing its filter", async () => {
    const { store, history } = await journalled((blooms, s) => {
      // Joins after the first 100 events, as a host restarted mid-block does.
      let follower: { unsubscribe(): void } | undefined;
      s.journal.committed$.subscribe((e) => {
        if (e.seq === 100 && follower === undefined) follower = blooms.follow(s.journal.committed$);
      });
    });
    // "early" is only in block 0's first 50 events, before the follower joined.
    const q: EventQuery = { cardholderId: "early", order: "asc" };
    expect(expected(q).length).toBeGreaterThan(0);
    expect((await pageThrough(history, q)).map((e) => e.seq)).toEqual(expected(q).map((e) => e.seq));
    await store.close();
  });
});
