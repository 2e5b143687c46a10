/** Every root actor is supervised (DESIGN §2): an error becomes ActorRestarted and a rebuilt actor that goes on working. */
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import {
  createSite,
  type EngineClock,
  type EngineEvent,
  type FeedbackIntent,
  type SiteLogger,
} from "@portcullis/engine";
import { hmacPinHasher, VirtualClock } from "@portcullis/testkit";
import { basePolicy, MONDAY_10, seedZones, siteInput } from "./decision/fixtures";

/** Faults a test switches on: the next timer armed, a relay unlocked, or a feedback intent throws once. */
interface Faults {
  timer: boolean;
  unlock: boolean;
  feedback: FeedbackIntent | undefined;
}

const start = (policy: Record<string, unknown> = {}) => {
  const virtual = new VirtualClock(MONDAY_10);
  const faults: Faults = { timer: false, unlock: false, feedback: undefined };
  const clock: EngineClock = {
    now: () => virtual.now(),
    setTimeout: (fn, ms) => {
      if (faults.timer) {
        faults.timer = false;
        throw new Error("timer service failed");
      }
      return virtual.setTimeout(fn, ms);
    },
    clearTimeout: (id) => virtual.clearTimeout(id),
    runDue: (at) => virtual.runDue(at),
  };
  const relays = new Map<string, boolean>();
  const logged: Array<{ message: string; fields?: Record<string, unknown> }> = [];
  const logger: SiteLogger = {
    error: (message, fields) => logged.push({ message, ...(fields && { fields }) }),
  };
  const input = siteInput();
  // The store's sensor debounces for 100 ms.
  const store = input.doors.find((d) => d.id === "store") as { sensor: Record<string, unknown> };
  store.sensor = { ...store.sensor, debounceMs: 100 };
  const site = Either.getOrThrow(
    createSite(
      { ...input, policy: basePolicy(policy) },
      {
        clock,
        hasher: hmacPinHasher(),
        logger,
        relays: {
          setRelay: (relay, locked) => {
            if (!locked && faults.unlock) {
              faults.unlock = false;
              throw new Error(`relay ${relay} did not answer`);
            }
            relays.set(relay, locked);
          },
        },
        feedback: (_readerId, intent) => {
          if (intent === faults.feedback) {
            faults.feedback = undefined;
            throw new Error("reader LED failed");
          }
        },
      },
    ),
  );
  const events: EngineEvent[] = [];
  site.events$.subscribe((e) => events.push(e));
  site.start();
  const push = (input: Parameters<typeof site.push>[0]) => Either.getOrThrow(site.push(input));
  for (const d of ["green", "blue", "brown", "gate"]) push({ type: "door", doorId: d, open: false });
  const restarts = () => events.filter((e) => e.type === "ActorRestarted");
  return { site, clock: virtual, faults, relays, logged, events, push, restarts };
};

describe("supervision", () => {
  it("a door whose relay throws is reported and rebuilt: locked, its slot kept, and it grants again", () => {
    const s = start();
    s.site.manual("gate", "lock", "operator");
    s.faults.unlock = true;
    s.push({ type: "card", readerId: "gate-a", number: 1001n });
    expect(s.restarts()).toMatchObject([
      { type: "ActorRestarted", actor: "door:gate", error: "Error: relay c4:r1 did not answer" },
    ]);
    expect(s.site.door("gate")).toMatchObject({ slot: "lock", mode: "Locked" });
    expect(s.relays.get("c4:r1")).toBe(true);
    s.push({ type: "card", readerId: "gate-a", number: 1001n });
    expect(s.relays.get("c4:r1")).toBe(false);
    s.clock.advance(7_000);
    expect(s.relays.get("c4:r1")).toBe(true);
  });

  it("a monitoring door whose timer fails is rebuilt and reads its sensor again", () => {
    const s = start();
    s.faults.timer = true;
    // The store's sensor debounces for 100 ms: arming that timer fails.
    s.push({ type: "input", inputId: "io:i1", state: "active" });
    expect(s.restarts()).toMatchObject([{ actor: "door:store" }]);
    s.push({ type: "input", inputId: "io:i1", state: "inactive" });
    s.clock.advance(100);
    s.push({ type: "input", inputId: "io:i1", state: "active" });
    s.clock.advance(100);
    expect(s.site.door("store")?.position).toBe("Open");
    expect(s.events.filter((e) => e.type === "DoorOpened" && e.doorId === "store")).toHaveLength(1);
  });

  it("a reader whose feedback throws is rebuilt with its status and lockout, and reads the next card", () => {
    // Card and PIN, or a PIN alone (so that wrong PINs are decided and lock the keypad).
    const s = start({
      profiles: [
        { id: "p", name: "p", sides: { A: [{ factors: ["card", "pin"] }, { factors: ["pin"] }], B: [] } },
      ],
      doorPolicies: [{ doorId: "gate", profileId: "p" }],
    });
    s.push({ type: "tamper", readerId: "gate-a", active: true });
    for (let i = 0; i < 5; i++) s.push({ type: "keys", readerId: "gate-a", keys: `11111${i}` });
    const until = s.site.reader("gate-a")?.keypadLockedUntil;
    expect(until).toBe(MONDAY_10 + 60_000);
    s.faults.feedback = "enter-pin";
    s.push({ type: "card", readerId: "gate-a", number: 1001n });
    expect(s.restarts()).toMatchObject([{ actor: "reader:gate-a", error: "Error: reader LED failed" }]);
    expect(s.site.reader("gate-a")).toMatchObject({ tamper: true, keypadLockedUntil: until });
    s.clock.advance(60_000);
    expect(s.site.reader("gate-a")?.keypadLockedUntil).toBeUndefined();
    s.push({ type: "card", readerId: "gate-a", number: 1001n });
    s.push({ type: "keys", readerId: "gate-a", keys: "432198" });
    expect(s.events.filter((e) => e.type === "AccessGranted")).toMatchObject([
      { readerId: "gate-a", cardholderIds: ["alice"] },
    ]);
  });

  it("a zone that throws is rebuilt with the presence it held", () => {
    const s = start({ zones: seedZones({ mode: "hard", timeoutS: 0 }) });
    s.push({ type: "card", readerId: "blue-a", number: 1001n });
    s.push({ type: "door", doorId: "blue", open: true });
    s.push({ type: "door", doorId: "blue", open: false });
    expect(s.site.presenceOf("alice")).toEqual([{ zoneId: "blueZone", enteredAt: MONDAY_10 }]);
    // The zone's presence store fails on bob's entry.
    const presence = s.site.access.zones.get("blueZone")!.getSnapshot().context.presence;
    presence.set = () => {
      throw new Error("presence store failed");
    };
    s.push({ type: "card", readerId: "blue-a", number: 2002n });
    s.push({ type: "door", doorId: "blue", open: true });
    expect(s.restarts()).toMatchObject([{ actor: "zone:blueZone", error: "Error: presence store failed" }]);
    expect(s.site.presenceOf("alice")).toEqual([{ zoneId: "blueZone", enteredAt: MONDAY_10 }]);
    s.push({ type: "door", doorId: "blue", open: false });
    // The rebuilt zone works: alice's second entry is refused by hard anti-passback.
    s.push({ type: "card", readerId: "blue-a", number: 1001n });
    expect(s.events.filter((e) => e.type === "AccessDenied")).toMatchObject([
      { reason: "AntiPassbackViolation", cardholderId: "alice" },
    ]);
  });

  it("an actor that fails again while it is rebuilt is left stopped and logged, not rebuilt for ever", () => {
    const s = start();
    s.faults.unlock = true;
    // The rebuilt door drives its relays locked on start: make that fail too.
    const site = s.site;
    let failures = 0;
    const original = s.relays.set.bind(s.relays);
    s.relays.set = (relay, locked) => {
      if (locked && failures++ < 1) throw new Error("still failing");
      return original(relay, locked);
    };
    s.push({ type: "card", readerId: "gate-a", number: 1001n });
    expect(s.restarts()).toHaveLength(1);
    expect(s.logged).toMatchObject([
      { message: expect.stringMatching(/left stopped/), fields: { actor: "door:gate" } },
    ]);
    expect(site.door("gate")).toBeDefined();
  });
});
