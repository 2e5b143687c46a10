/** A scenario DSL on the virtual clock: inputs at wall-clock times, then expectations on events and doors. */
import {
  fromWallClock,
  isTimeZone,
  wallClock,
  type DoorSnapshot,
  type EngineEvent,
  type ManualCommand,
  type Side,
} from "@portcullis/engine";
import { matchesPartial, type PartialMatch } from "./partialMatch";
import { simulateSite, type SimulatedSite } from "./simulateSite";
import { applyStep, type TraceStep } from "./trace";

/** Some fields of one event type: `{ type: "AccessDenied", reason: "Unauthorized" }`. */
export type EventMatch = EngineEvent extends infer E ? (E extends unknown ? PartialMatch<E> : never) : never;

/** Some fields of a door's snapshot: `{ door: "gate", mode: "Unlocked" }`. */
export type DoorExpectation = { readonly door: string } & PartialMatch<Omit<DoorSnapshot, "id">>;

/** A check on the events since the last expectation, with the running site at hand. */
export type EventPredicate = (events: ReadonlyArray<EngineEvent>, sim: SimulatedSite) => boolean;

/** What `.expect` takes. */
export type Expectation = EventMatch | DoorExpectation | EventPredicate;

/** A card as presented: its number, its number and facility code, or raw bits for the site's formats. */
export type ScenarioCard =
  | number
  | bigint
  | { readonly number: number | bigint; readonly facility?: number | bigint }
  | { readonly bits: string };

/** A pause: milliseconds, or a number with `ms`, `s`, `m`, `h` or `d`. */
export type Duration = number | `${number}${"ms" | "s" | "m" | "h" | "d"}`;

/** Options of {@link scenario}. */
export interface ScenarioOptions {
  /** When the scenario starts (epoch ms or ISO); its local date is the scenario's day. Default: Monday 2026-01-05, 00:00 local. */
  readonly start?: number | string;
}

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Milliseconds of a {@link Duration}. */
export const durationMs = (d: Duration): number => {
  if (typeof d === "number") return d;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(d);
  if (m === null) throw new Error(`not a duration: "${d}"`);
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
};

const toCardInput = (readerId: string, card: ScenarioCard): TraceStep =>
  typeof card === "object" && "bits" in card
    ? { type: "card", readerId, bits: card.bits }
    : typeof card === "object"
      ? {
          type: "card",
          readerId,
          number: BigInt(card.number),
          ...(card.facility !== undefined && { facility: BigInt(card.facility) }),
        }
      : { type: "card", readerId, number: BigInt(card) };

interface Run {
  readonly sim: SimulatedSite;
  readonly timeZone: string;
  readonly day: { readonly year: number; readonly month: number; readonly day: number };
  /** Events before this index were checked by an earlier expectation. */
  mark: number;
}

interface Step {
  readonly label: string;
  readonly run: (r: Run) => void;
}

const describeEvents = (events: ReadonlyArray<EngineEvent>): string =>
  events.length === 0
    ? "  (no events)"
    : events
        .map((e) => `  ${JSON.stringify(e, (_, v: unknown) => (typeof v === "bigint" ? `${v}n` : v))}`)
        .join("\n");

/**
 * A recorded scenario: every call adds a step, `run` builds a fresh simulated site (every door with
 * a monitor starts closed, read silently) and plays the steps in order, so a scenario can run twice
 * to check determinism. Inputs happen at the current virtual time; `at` and `after` move it.
 */
export class Scenario {
  private readonly steps: Step[] = [];

  constructor(
    private readonly siteFile: unknown,
    private readonly options: ScenarioOptions = {},
  ) {}

  private add(label: string, run: (r: Run) => void): this {
    this.steps.push({ label, run });
    return this;
  }

  private input(label: string, step: TraceStep): this {
    return this.add(label, (r) => applyStep(r.sim, step));
  }

  /** Moves to a local wall-clock time (`"08:00"`, `"17:30:15"`) on the scenario's day, or to an ISO instant. */
  at(time: string): this {
    return this.add(`at("${time}")`, (r) => {
      const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(time);
      const target = m
        ? fromWallClock(
            { ...r.day, hour: Number(m[1]), minute: Number(m[2]), second: Number(m[3] ?? 0), millisecond: 0 },
            r.timeZone,
          )
        : Date.parse(time);
      if (Number.isNaN(target)) throw new Error("not a time of day or an ISO instant");
      if (target < r.sim.clock.now()) throw new Error(`${new Date(target).toISOString()} is before now`);
      r.sim.clock.advanceTo(target);
    });
  }

  /** Lets time pass, firing every timer due. */
  after(duration: Duration): this {
    const ms = durationMs(duration);
    return this.input(`after(${duration})`, { type: "advance", ms });
  }

  /** A card at a reader. */
  swipe(readerId: string, card: ScenarioCard): this {
    return this.input(`swipe(${readerId})`, toCardInput(readerId, card));
  }

  /** Keys at a reader's keypad, such as `"1234#"`. */
  pin(readerId: string, keys: string): this {
    return this.input(`pin(${readerId}, ${keys})`, { type: "keys", readerId, keys });
  }

  /** A license plate read by a camera reader. */
  plate(readerId: string, plate: string): this {
    return this.input(`plate(${readerId}, ${plate})`, { type: "plate", readerId, plate });
  }

  /** The door opens (a debounced position change). */
  open(doorId: string): this {
    return this.input(`open(${doorId})`, { type: "door", doorId, open: true });
  }

  /** The door closes. */
  close(doorId: string): this {
    return this.input(`close(${doorId})`, { type: "door", doorId, open: false });
  }

  /** A REX press on one side. */
  rex(doorId: string, side: Side): this {
    return this.input(`rex(${doorId}, ${side})`, { type: "rex", doorId, side });
  }

  /** An operator's manual action; a refused one (Lock in lockdown) changes nothing. */
  manual(doorId: string, command: ManualCommand, by = "scenario"): this {
    return this.input(`manual(${doorId}, ${command})`, { type: "manual", doorId, command, by });
  }

  /** Any other trace step (tamper, controller offline, a raw input edge…). */
  step(step: TraceStep): this {
    return this.input(`step(${step.type})`, step);
  }

  /**
   * Checks the events since the last expectation (a partial event must match one of them, a
   * predicate must hold), or a door's current snapshot (which leaves those events to the next
   * expectation). Throws with the events or the snapshot on failure.
   */
  expect(expectation: Expectation): this {
    const label =
      typeof expectation === "function" ? "expect(predicate)" : `expect(${JSON.stringify(expectation)})`;
    return this.add(label, (r) => {
      // A door expectation reads state, not events: it leaves the event window open.
      if (typeof expectation !== "function" && "door" in expectation && !("type" in expectation)) {
        const { door, ...fields } = expectation;
        const snapshot = r.sim.site.door(door);
        if (!matchesPartial(snapshot, fields)) throw new Error(`the door is ${JSON.stringify(snapshot)}`);
        return;
      }
      const events = r.sim.events.slice(r.mark);
      r.mark = r.sim.events.length;
      if (typeof expectation === "function") {
        if (!expectation(events, r.sim))
          throw new Error(`the predicate failed; events:\n${describeEvents(events)}`);
      } else if (!events.some((e) => matchesPartial(e, expectation)))
        throw new Error(`no such event; events:\n${describeEvents(events)}`);
    });
  }

  /** Checks that these events happened since the last expectation, in this order (others may come between). */
  expectEvents(expected: ReadonlyArray<EventMatch>): this {
    const label = `expectEvents(${JSON.stringify(expected)})`;
    return this.add(label, (r) => {
      const events = r.sim.events.slice(r.mark);
      r.mark = r.sim.events.length;
      let i = 0;
      for (const e of events) if (i < expected.length && matchesPartial(e, expected[i])) i++;
      if (i < expected.length)
        throw new Error(
          `missing ${JSON.stringify(expected[i])} (in order); events:\n${describeEvents(events)}`,
        );
    });
  }

  /** Plays the scenario on a fresh site and returns every event, in order. */
  run(): EngineEvent[] {
    const raw = (this.siteFile as { timeZone?: unknown } | null)?.timeZone;
    const timeZone = typeof raw === "string" && isTimeZone(raw) ? raw : "UTC";
    const start =
      typeof this.options.start === "string"
        ? Date.parse(this.options.start)
        : (this.options.start ??
          fromWallClock(
            { year: 2026, month: 1, day: 5, hour: 0, minute: 0, second: 0, millisecond: 0 },
            timeZone,
          ));
    if (Number.isNaN(start)) throw new Error(`scenario start "${String(this.options.start)}" is not a time`);
    const sim = simulateSite(this.siteFile, start);
    const { year, month, day } = wallClock(start, timeZone);
    for (const door of sim.site.config.doors)
      if (door.type === "monitoring" || door.doorMonitor)
        sim.push({ type: "door", doorId: door.id, open: false });
    const r: Run = { sim, timeZone, day: { year, month, day }, mark: sim.events.length };
    this.steps.forEach((step, i) => {
      try {
        step.run(r);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`scenario step ${i + 1}, ${step.label}: ${message}`, { cause: error });
      }
    });
    return sim.events;
  }
}

/** Starts a scenario on a site file (validated when it runs). */
export const scenario = (siteFile: unknown, options: ScenarioOptions = {}): Scenario =>
  new Scenario(siteFile, options);
