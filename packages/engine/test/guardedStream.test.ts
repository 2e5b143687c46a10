/** A throwing `events$` subscriber is logged and isolated: actors, other subscribers and the process go on. */
import { filter, map } from "rxjs";
import { describe, expect, it } from "vitest";
import type { EngineEvent, SiteLogger } from "@portcullis/engine";
import { createSite } from "@portcullis/engine";
import { hmacPinHasher, VirtualClock } from "@portcullis/testkit";
import { Either } from "effect";
import { basePolicy, MONDAY_10, siteInput } from "./decision/fixtures";

const start = () => {
  const clock = new VirtualClock(MONDAY_10);
  const relays = new Map<string, boolean>();
  const logged: Array<{ message: string; fields?: Record<string, unknown> }> = [];
  const logger: SiteLogger = {
    error: (message, fields) => logged.push({ message, ...(fields && { fields }) }),
  };
  const site = Either.getOrThrow(
    createSite(
      { ...siteInput(), policy: basePolicy() },
      { clock, hasher: hmacPinHasher(), logger, relays: { setRelay: (r, locked) => relays.set(r, locked) } },
    ),
  );
  return { site, clock, relays, logged };
};

describe("events$ subscribers", () => {
  it("one that throws is logged; the swipe completes and the others see every event, in order", () => {
    const { site, clock, relays, logged } = start();
    const before: EngineEvent[] = [];
    const after: EngineEvent[] = [];
    site.events$.subscribe((e) => before.push(e));
    site.events$.subscribe((e) => {
      if (e.type === "AccessGranted" || e.type === "LockChanged") throw new Error(`cannot show ${e.type}`);
    });
    site.events$.subscribe({ next: (e) => after.push(e) });
    site.start();
    site.push({ type: "door", doorId: "gate", open: false });
    site.push({ type: "card", readerId: "gate-a", number: 1001n });
    expect(relays.get("c4:r1")).toBe(false);
    clock.advance(7_000);
    expect(relays.get("c4:r1")).toBe(true);
    const types = after.map((e) => e.type);
    expect(types).toEqual(before.map((e) => e.type));
    expect(types).toEqual(expect.arrayContaining(["AccessGranted", "LockChanged", "AccessNotTaken"]));
    expect(after.map((e) => e.seq)).toEqual(after.map((_, i) => after[0]!.seq + i));
    expect(logged.map((l) => l.fields?.["error"])).toEqual([
      "Error: cannot show AccessGranted",
      "Error: cannot show LockChanged",
      "Error: cannot show LockChanged",
    ]);
  });

  it("one at the end of an operator chain is isolated too, and keeps receiving", () => {
    const { site, logged } = start();
    const seen: string[] = [];
    site.events$
      .pipe(
        filter((e) => e.type === "AccessGranted" || e.type === "AccessDenied"),
        map((e) => e.type),
      )
      .subscribe((type) => {
        seen.push(type);
        throw new Error("console gone");
      });
    site.start();
    site.push({ type: "card", readerId: "gate-a", number: 1001n });
    site.push({ type: "card", readerId: "gate-a", number: 77n });
    expect(seen).toEqual(["AccessGranted", "AccessDenied"]);
    expect(logged).toHaveLength(2);
  });

  it("a subscriber's own complete handler that throws is logged when the site stops", () => {
    const { site, logged } = start();
    site.events$.subscribe({
      complete: () => {
        throw new Error("teardown failed");
      },
    });
    site.start();
    site.stop();
    expect(logged.map((l) => l.fields?.["error"])).toEqual(["Error: teardown failed"]);
  });
});
