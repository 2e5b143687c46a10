/** After a restart nothing is lost and nobody is forgiven by accident (DESIGN §2, issue 5). */
import { describe, expect, it } from "vitest";
import { fromWallClock } from "@portcullis/engine";
import { VirtualClock } from "@portcullis/testkit";
import { demoCardNumber, demoPin, demoSiteFile } from "../../src/demo/demoSite";
import { Host } from "../../src/runtime/Host";
import { tempDir } from "./tempDir";

// Monday 23 November 2026, 10:00 in Stockholm: office hours.
const MONDAY_10 = fromWallClock(
  { year: 2026, month: 11, day: 23, hour: 10, minute: 0, second: 0, millisecond: 0 },
  "Europe/Stockholm",
);

const start = (dataDir: string, clock: VirtualClock) =>
  Host.start({
    dataDir,
    site: { file: demoSiteFile(), source: "demo" },
    clock,
    environment: {},
  });

describe("restart", () => {
  it("keeps manual slots, double-swipe overrides, anti-passback presence and the journal's seq", async () => {
    const dataDir = tempDir("restart");
    const clock = new VirtualClock(MONDAY_10);
    const first = await start(dataDir, clock);
    expect(first.announced).toMatchObject([{ role: "admin" }]);
    const site = first.site;
    for (const d of ["main", "lab", "storage"]) site.push({ type: "door", doorId: d, open: false });
    site.manual("storage", "lock", "operator");
    // ch01 may double-swipe at the main entrance: the second swipe turns the override on.
    site.push({ type: "card", readerId: "main-in", number: 10_001n });
    clock.advance(1_000);
    site.push({ type: "card", readerId: "main-in", number: 10_001n });
    expect(site.door("main")?.override).toBe(true);
    // ch01 enters the lab wing (hard anti-passback, 10 minutes).
    clock.advance(10_000);
    site.push({ type: "card", readerId: "lab-in", number: 10_001n });
    site.push({ type: "door", doorId: "lab", open: true });
    clock.advance(2_000);
    site.push({ type: "door", doorId: "lab", open: false });
    clock.advance(1_000);
    const lastSeq = first.store.journal.nextSeq() - 1;
    await first.stop();

    clock.advance(60_000);
    const second = await start(dataDir, clock);
    expect(second.announced).toEqual([]);
    expect(second.site.door("storage")?.slot).toBe("lock");
    expect(second.site.door("main")?.override).toBe(true);
    expect(second.site.presenceOf("ch01").map((p) => p.zoneId)).toContain("lab-wing");
    expect(second.store.journal.head()).toBe(lastSeq);
    const seen: string[] = [];
    second.site.events$.subscribe((e) => seen.push(e.type));
    second.site.push({ type: "card", readerId: "lab-in", number: 10_001n });
    expect(seen).toContain("AntiPassbackViolation");
    expect(seen).not.toContain("AccessGranted");
    await second.stop();
  });

  it("keeps the use of both credentials of a two-person grant", async () => {
    const dataDir = tempDir("two-person");
    const clock = new VirtualClock(MONDAY_10);
    const first = await start(dataDir, clock);
    const site = first.site;
    site.push({ type: "door", doorId: "server", open: false });
    // The server room wants card and PIN from two people of security on side A.
    for (const k of [1, 2]) {
      site.push({ type: "card", readerId: "server-in", number: BigInt(demoCardNumber(k)) });
      site.push({ type: "keys", readerId: "server-in", keys: demoPin(k) });
      clock.advance(2_000);
    }
    const grantedAt = clock.now() - 2_000;
    expect(site.access.usage("ch01-card")).toEqual({ uses: 1, firstUse: grantedAt, lastUse: grantedAt });
    await first.stop();

    const second = await start(dataDir, clock);
    for (const id of ["ch01-card", "ch02-card"])
      expect(second.site.access.usage(id)).toEqual({ uses: 1, firstUse: grantedAt, lastUse: grantedAt });
    await second.stop();
  });

  it("a changed configuration survives a restart", async () => {
    const dataDir = tempDir("config");
    const clock = new VirtualClock(MONDAY_10);
    const first = await start(dataDir, clock);
    first.site.configure(
      {
        op: "put",
        entity: "cardholder",
        value: { id: "ch50", firstName: "Ny", lastName: "Person", suspended: true },
      },
      "admin",
    );
    await first.stop();
    const second = await start(dataDir, clock);
    expect(second.site.policy.cardholders.find((c) => c.id === "ch50")).toMatchObject({ suspended: true });
    await second.stop();
  });

  it("a change is on disk once configSaved resolves", async () => {
    const dataDir = tempDir("config-saved");
    const host = await start(dataDir, new VirtualClock(MONDAY_10));
    host.site.configure(
      { op: "put", entity: "cardholder", value: { id: "saved1", firstName: "Sparad", lastName: "Person" } },
      "admin",
    );
    await host.configSaved();
    const stored = await host.store.entities.get("cardholder", "saved1");
    expect(stored?.value).toMatchObject({ id: "saved1", firstName: "Sparad" });
    await host.stop();
  });

  it("a burst of changes is saved as its last state, without a write per change, each entity in its own row", async () => {
    const dataDir = tempDir("config-burst");
    const clock = new VirtualClock(MONDAY_10);
    const first = await start(dataDir, clock);
    const before = await first.store.entities.revision();
    for (let i = 0; i < 20; i++)
      first.site.configure(
        { op: "put", entity: "cardholder", value: { id: `burst${i}`, firstName: "Burst", lastName: `${i}` } },
        "admin",
      );
    await first.stop();
    const second = await start(dataDir, clock);
    const ids = second.site.policy.cardholders.map((c) => c.id);
    for (let i = 0; i < 20; i++) expect(ids).toContain(`burst${i}`);
    // The first change's save runs while the other 19 arrive; they are written together.
    expect((await second.store.entities.revision()) - before).toBe(2);
    const history = await second.store.entities.history(before);
    expect(history.map((h) => `${h.kind}/${h.id}`).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `cardholder/burst${i}`).sort(),
    );
    await second.stop();
  });
});
