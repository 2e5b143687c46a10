/**
 * DESIGN §2: every timer due at or before an input's `at` fires before the input, in every machine,
 * however late the host's timers run.
 */
import { Either } from "effect";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createSite,
  SystemClock,
  type EngineClock,
  type EngineEvent,
  type Grant,
  type SiteInput,
} from "@portcullis/engine";
import { VirtualClock } from "@portcullis/testkit";
import { basePolicy, hasher, MONDAY_10, siteInput } from "../decision/fixtures";

/** A clock whose timers have not run although time has reached `at`. */
interface LaggingClock {
  readonly clock: EngineClock;
  /** Time reaches `at`; no timer has fired. */
  lagTo(at: number): void;
}

const clocks: Record<string, (start: number) => LaggingClock> = {
  // Virtual time not advanced: the input's stamp is ahead of the clock.
  virtual: (start) => ({ clock: new VirtualClock(start), lagTo: () => {} }),
  // The production clock on a busy event loop: wall time moves, no host timer runs.
  system: (start) => {
    vi.useFakeTimers({ now: start, toFake: ["setTimeout", "clearTimeout", "Date"] });
    return { clock: new SystemClock(), lagTo: (at) => vi.setSystemTime(at) };
  },
};

afterEach(() => {
  vi.useRealTimers();
});

const T = MONDAY_10;

describe.each(Object.entries(clocks))("on the %s clock", (_, lagging) => {
  const start = (config: Record<string, unknown>) => {
    const { clock, lagTo } = lagging(T);
    const site = Either.getOrThrow(createSite(config, { clock, hasher }));
    const events: EngineEvent[] = [];
    site.events$.subscribe((e) => events.push(e));
    site.start();
    const push = (ms: number, input: SiteInput) => {
      lagTo(T + ms);
      Either.getOrThrow(site.push({ ...input, at: T + ms }));
    };
    const of = <K extends EngineEvent["type"]>(type: K) =>
      events
        .filter((e): e is Extract<EngineEvent, { type: K }> => e.type === type)
        .map((e) => ({ ...e, at: e.at - T }));
    const types = () => events.map((e) => e.type);
    return { push, of, types };
  };

  it("a PIN's inter-digit timeout due by a key fires before the key", () => {
    const s = start({
      ...siteInput(),
      policy: basePolicy({
        doorPolicies: [{ doorId: "gate", profileId: "pin" }],
        pin: { minLength: 4, maxLength: 8, endCharacter: "#" },
      }),
    });
    s.push(0, { type: "keys", readerId: "gate-a", keys: "4321" });
    // Alice's PIN is 432198: the digits after the timeout start a new PIN, they do not complete hers.
    s.push(5_000, { type: "keys", readerId: "gate-a", keys: "98#" });
    expect(s.of("AccessGranted")).toEqual([]);
    expect(s.of("AccessDenied")[0]).toMatchObject({ at: 5_000, reason: "CredentialNotFound" });
  });

  it("a card's wait for its PIN ends before a key stamped at its deadline", () => {
    const s = start({
      ...siteInput(),
      policy: basePolicy({ doorPolicies: [{ doorId: "gate", profileId: "card-and-pin" }] }),
    });
    s.push(0, { type: "card", readerId: "gate-a", number: 1001n });
    s.push(10_000, { type: "keys", readerId: "gate-a", keys: "432198" });
    expect(s.of("AccessGranted")).toEqual([]);
    expect(s.of("AccessDenied")[0]).toMatchObject({ at: 10_000, reason: "Other", detail: "PinTimeout" });
  });

  it("a door's access time ends before an opening stamped at its deadline", () => {
    const s = start({ ...siteInput(), policy: basePolicy() });
    s.push(0, { type: "door", doorId: "gate", open: false });
    const grant: Grant = {
      grantId: "g",
      kind: "credential",
      cardholderIds: ["alice"],
      long: false,
      exempt: false,
    };
    s.push(0, { type: "grant", doorId: "gate", grant });
    s.push(7_000, { type: "door", doorId: "gate", open: true });
    expect(s.of("AccessNotTaken")).toMatchObject([{ at: 7_000 }]);
    expect(s.types().indexOf("AccessNotTaken")).toBeLessThan(s.types().indexOf("DoorForcedOpen"));
  });

  it("a door input's debounce and the open-too-long it arms both fire before a later edge", () => {
    const s = start({
      ...siteInput({ gate: { doorMonitor: { input: "in1", openWhen: "circuit-open", debounceMs: 50 } } }),
      policy: basePolicy(),
    });
    s.push(0, { type: "input", inputId: "c4:in1", state: "inactive" });
    s.push(100, { type: "input", inputId: "c4:in1", state: "active" });
    s.push(15_150, { type: "input", inputId: "c4:in1", state: "inactive" });
    expect(s.of("DoorOpened")).toMatchObject([{ at: 150 }]);
    expect(s.of("DoorOpenTooLong")).toMatchObject([{ at: 15_150 }]);
    expect(s.of("DoorClosed")).toEqual([]);
  });

  it("a monitoring door's debounce fires before a later edge", () => {
    const config = siteInput();
    const s = start({
      ...config,
      doors: config.doors.map((d) =>
        d.id === "store" ? { ...d, sensor: { input: "i1", openWhen: "circuit-open", debounceMs: 20 } } : d,
      ),
      policy: basePolicy(),
    });
    s.push(0, { type: "input", inputId: "io:i1", state: "inactive" });
    s.push(100, { type: "input", inputId: "io:i1", state: "active" });
    s.push(120, { type: "input", inputId: "io:i1", state: "inactive" });
    expect(s.of("DoorOpened")).toMatchObject([{ at: 120, doorId: "store" }]);
  });
});
