/** A site on a virtual clock with its events and relay outputs recorded: the base of engine tests. */
import { Either } from "effect";
import {
  createSite,
  type EngineEvent,
  type FeedbackIntent,
  type Site,
  type SiteInput,
} from "@portcullis/engine";
import { siteCardFormatSupport } from "@portcullis/protocols";
import { hmacPinHasher } from "./pinHasher";
import { VirtualClock } from "./VirtualClock";

/** A site under simulation. */
export interface SimulatedSite {
  readonly site: Site;
  readonly clock: VirtualClock;
  /** Every event published so far. */
  readonly events: EngineEvent[];
  /** Last state driven on each relay (`true` = locked). */
  readonly relays: Map<string, boolean>;
  /** Last state driven on each auxiliary output (`controllerId:relay`, `true` = on). */
  readonly outputs: Map<string, boolean>;
  /** Reader feedback driven so far. */
  readonly feedback: Array<{ readerId: string; intent: FeedbackIntent; at: number }>;
  /** Moves virtual time forward by `ms`, firing due timers. */
  advance(ms: number): void;
  /** Moves virtual time to `at` and applies the input there; throws if the site rejects it. */
  push(input: SiteInput): void;
  /** Events after index `from`, as `type` strings (handy in assertions). */
  typesSince(from: number): string[];
}

/** Builds a site from a configuration (validated; throws on an invalid one) starting at `startMs`. */
export const simulateSite = (config: unknown, startMs = Date.UTC(2026, 0, 5, 8)): SimulatedSite => {
  const clock = new VirtualClock(startMs);
  const relays = new Map<string, boolean>();
  const outputs = new Map<string, boolean>();
  const feedback: Array<{ readerId: string; intent: FeedbackIntent; at: number }> = [];
  const site = Either.getOrThrowWith(
    createSite(config, {
      clock,
      hasher: hmacPinHasher(),
      cardFormats: siteCardFormatSupport,
      relays: { setRelay: (relay, locked) => relays.set(relay, locked) },
      outputs: { setOutput: (controllerId, relay, on) => outputs.set(`${controllerId}:${relay}`, on) },
      feedback: (readerId, intent) => feedback.push({ readerId, intent, at: clock.now() }),
    }),
    (e) => new Error(e.message),
  );
  const events: EngineEvent[] = [];
  site.events$.subscribe((e) => events.push(e));
  site.start();
  return {
    site,
    clock,
    events,
    relays,
    outputs,
    feedback,
    advance: (ms) => clock.advance(ms),
    push: (input) => {
      if (input.at !== undefined && input.at > clock.now()) clock.advanceTo(input.at);
      Either.getOrThrowWith(site.push(input), (e) => new Error(e.message));
    },
    typesSince: (from) => events.slice(from).map((e) => e.type),
  };
};
